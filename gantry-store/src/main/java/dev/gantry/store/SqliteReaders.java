package dev.gantry.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of read-only connections. In WAL mode a reader sees the last commit made
 * before its read transaction began and never waits for the writer. Every read ends its
 * transaction at once, because a snapshot left open would keep the WAL from being recycled.
 */
final class SqliteReaders implements AutoCloseable {
  private static final String KV_COLUMNS = "key, value, create_rev, mod_rev, version, lease";
  private static final String GET = "SELECT " + KV_COLUMNS + " FROM kv WHERE key = ?";
  private static final String META = "SELECT value FROM meta WHERE name = ?";
  private static final String RANGE = "SELECT " + KV_COLUMNS
      + " FROM kv WHERE key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?";
  private static final String RANGE_REVERSE = "SELECT " + KV_COLUMNS
      + " FROM kv WHERE key >= ? AND key < ? AND key < ? ORDER BY key DESC LIMIT ?";
  private static final String CHANGES = "SELECT rev, type, " + KV_COLUMNS
      + " FROM changes WHERE rev > ? AND rev <= ? AND key >= ? AND key < ? ORDER BY rev, seq";

  @FunctionalInterface
  private interface Read<T> {
    T apply(Reader reader) throws SQLException;
  }

  /** One connection with its prepared statements. */
  private static final class Reader {
    final Connection connection;
    final Map<String, PreparedStatement> statements = new HashMap<>();

    Reader(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement statement(String sql) throws SQLException {
      PreparedStatement s = statements.get(sql);
      if (s == null) {
        s = connection.prepareStatement(sql);
        statements.put(sql, s);
      }
      return s;
    }
  }

  private final Path file;
  private final ArrayBlockingQueue<Reader> idle;
  private final List<Reader> all = new ArrayList<>();
  private volatile boolean closed;

  SqliteReaders(Path file, int size, Duration busyTimeout) throws SQLException {
    this.file = file;
    this.idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Reader r = new Reader(SqliteSchema.openReader(file, busyTimeout));
        all.add(r);
        idle.add(r);
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  Optional<KeyValue> get(String key) {
    return read("get " + key, r -> {
      PreparedStatement s = r.statement(GET);
      s.setBytes(1, SqliteSchema.bytes(key));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(keyValue(rs, 1)) : Optional.empty();
      }
    });
  }

  RangeResult range(Range range) {
    return read("range " + range.prefix(), r -> {
      long revision = meta(r, SqliteSchema.REVISION);
      byte[] start = SqliteSchema.bytes(range.prefix());
      byte[] end = SqliteSchema.prefixEnd(start);
      PreparedStatement s = r.statement(range.reverse() ? RANGE_REVERSE : RANGE);
      s.setBytes(1, start);
      s.setBytes(2, end);
      s.setBytes(3, range.after().map(SqliteSchema::bytes).orElse(range.reverse() ? end : new byte[0]));
      s.setInt(4, range.limit() > 0 ? range.limit() + 1 : -1);
      List<KeyValue> kvs = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          kvs.add(keyValue(rs, 1));
        }
      }
      boolean more = range.limit() > 0 && kvs.size() > range.limit();
      return new RangeResult(List.copyOf(more ? kvs.subList(0, range.limit()) : kvs), more, revision);
    });
  }

  /**
   * The logged changes under {@code prefix} with revisions in (after, upTo], in order; throws
   * {@link CompactedException} when part of that span was compacted away.
   */
  List<WatchEvent> changes(String prefix, long after, long upTo) {
    return read("read change log", r -> {
      long compacted = meta(r, SqliteSchema.COMPACTED);
      if (after < compacted) {
        throw new CompactedException(after + 1, compacted + 1);
      }
      byte[] start = SqliteSchema.bytes(prefix);
      PreparedStatement s = r.statement(CHANGES);
      s.setLong(1, after);
      s.setLong(2, upTo);
      s.setBytes(3, start);
      s.setBytes(4, SqliteSchema.prefixEnd(start));
      List<WatchEvent> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          WatchEvent.Type type = rs.getInt(2) == SqliteSchema.PUT ? WatchEvent.Type.PUT : WatchEvent.Type.DELETE;
          events.add(new WatchEvent(type, keyValue(rs, 3), rs.getLong(1)));
        }
      }
      return events;
    });
  }

  private static long meta(Reader r, String name) throws SQLException {
    PreparedStatement s = r.statement(META);
    s.setString(1, name);
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("meta row '" + name + "' is missing");
      }
      return rs.getLong(1);
    }
  }

  static KeyValue keyValue(ResultSet rs, int first) throws SQLException {
    return new KeyValue(SqliteSchema.key(rs.getBytes(first)), rs.getBytes(first + 1), rs.getLong(first + 2),
        rs.getLong(first + 3), rs.getLong(first + 4), rs.getLong(first + 5));
  }

  private <T> T read(String what, Read<T> body) {
    Reader r = acquire();
    try {
      return body.apply(r);
    } catch (SQLException e) {
      throw new StoreException("SQLite store " + file + ": " + what + " failed: " + e.getMessage(), e);
    } finally {
      try {
        r.connection.rollback();
      } catch (SQLException e) {
        // The connection is unusable; the next read on it reports the failure.
      }
      release(r);
    }
  }

  private Reader acquire() {
    boolean interrupted = false;
    try {
      while (true) {
        if (closed) {
          throw SqliteStateStore.closedException(file);
        }
        try {
          // Bounded waits, so a reader waiting when the store closes notices.
          Reader r = idle.poll(100, TimeUnit.MILLISECONDS);
          if (r != null) {
            return r;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void release(Reader r) {
    if (closed) {
      closeQuietly(r);
    } else {
      idle.add(r);
      if (closed && idle.remove(r)) {
        closeQuietly(r);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Reader r;
    while ((r = idle.poll()) != null) {
      closeQuietly(r);
    }
  }

  private static void closeQuietly(Reader r) {
    try {
      r.connection.close();
    } catch (SQLException e) {
      // Closing a read-only connection cannot lose data.
    }
  }
}
