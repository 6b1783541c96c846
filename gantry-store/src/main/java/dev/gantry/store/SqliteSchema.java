package dev.gantry.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;

/**
 * The file format of the embedded store and how its connections are opened.
 *
 * <p>Keys are stored as UTF-8 BLOBs so that SQLite orders them bytewise (etcd's order) and a
 * prefix becomes the half-open range [prefix, {@link #prefixEnd}). Tables: {@code kv} holds the
 * live keys, {@code changes} the change log watches read (one row per changed key, ordered by
 * revision then position in the transaction; a delete row carries the key's last state),
 * {@code leases} the granted leases (their deadlines live in memory, refreshed on open as etcd
 * does after a leader change), {@code meta} the store revision and the compaction point.
 */
final class SqliteSchema {
  static final int VERSION = 1;
  static final String REVISION = "revision";
  static final String COMPACTED = "compacted";
  static final String SCHEMA = "schema";

  private static final String[] DDL = {
    "CREATE TABLE IF NOT EXISTS kv (key BLOB NOT NULL UNIQUE, value BLOB NOT NULL,"
        + " create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL, version INTEGER NOT NULL,"
        + " lease INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS kv_lease ON kv (lease) WHERE lease <> 0",
    "CREATE TABLE IF NOT EXISTS changes (rev INTEGER NOT NULL, seq INTEGER NOT NULL,"
        + " type INTEGER NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL,"
        + " create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL, version INTEGER NOT NULL,"
        + " lease INTEGER NOT NULL, PRIMARY KEY (rev, seq))",
    "CREATE TABLE IF NOT EXISTS leases (id INTEGER PRIMARY KEY AUTOINCREMENT, ttl_ms INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO meta (name, value) VALUES ('" + REVISION + "', 0), ('" + COMPACTED
        + "', 0), ('" + SCHEMA + "', " + VERSION + ")",
  };

  /** Change-log row types. */
  static final int PUT = 0;
  static final int DELETE = 1;

  private SqliteSchema() {}

  /**
   * The single writing connection: WAL so readers never wait for it, synchronous=FULL so a
   * commit is on disk (WAL fsynced) before any caller hears of it.
   */
  static Connection openWriter(Path file, Duration busyTimeout) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) busyTimeout.toMillis());
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection c = config.createConnection(url(file));
    try (Statement s = c.createStatement()) {
      for (String ddl : DDL) {
        s.executeUpdate(ddl);
      }
      // SqliteCheckpointer does this off the commit path.
      s.execute("PRAGMA wal_autocheckpoint = 0");
    }
    c.setAutoCommit(false);
    return c;
  }

  /** The checkpointing connection: autocommit, synchronous=FULL so the copied pages are fsynced. */
  static Connection openCheckpointer(Path file, Duration busyTimeout) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) busyTimeout.toMillis());
    return config.createConnection(url(file));
  }

  static Connection openReader(Path file, Duration busyTimeout) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) busyTimeout.toMillis());
    config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
    Connection c = config.createConnection(url(file));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA query_only = 1");
    }
    c.setAutoCommit(false);
    return c;
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static String key(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The smallest byte string greater than every key starting with {@code prefix}. UTF-8 never
   * contains 0xFF, so {0xFF} bounds "every key" for the empty prefix.
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[] {(byte) 0xFF};
  }
}
