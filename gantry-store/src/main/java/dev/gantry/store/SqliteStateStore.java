package dev.gantry.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The embedded {@link StateStore}: one SQLite file in WAL mode with {@code synchronous=FULL},
 * so a transaction acknowledged to its caller survives kill -9 and power loss.
 *
 * <p>Writes (transactions, lease grants and revocations, compaction, lease expiry) all go
 * through one {@link SqliteWriter} thread that group-commits whatever is queued; reads go
 * through a small pool of read connections and never wait for the writer; watches are fed by a
 * {@link WatchHub}. The change log keeps the newest {@link Settings#historyRevisions} revisions.
 * A lock file next to the database keeps a second process (or a second open in this one) from
 * writing the same store.
 */
public final class SqliteStateStore implements StateStore {
  /**
   * Tuning: how many revisions of change history watches can ask for, how many read
   * connections there are, how often lease deadlines are checked, how long SQLite waits on a
   * lock held by a checkpoint, and how many recent events watches find in memory.
   */
  public record Settings(long historyRevisions, int readConnections, Duration leaseSweepInterval,
      Duration busyTimeout, int watchMemoryEvents) {
    public Settings {
      if (historyRevisions < 1 || readConnections < 1 || watchMemoryEvents < 1
          || leaseSweepInterval.isNegative() || leaseSweepInterval.isZero()) {
        throw new IllegalArgumentException("invalid SQLite store settings: historyRevisions "
            + historyRevisions + ", readConnections " + readConnections + ", watchMemoryEvents "
            + watchMemoryEvents + " must be at least 1; leaseSweepInterval " + leaseSweepInterval
            + " must be positive");
      }
    }

    public static Settings defaults() {
      return new Settings(100_000, 4, Duration.ofMillis(100), Duration.ofSeconds(10), 4_096);
    }

    public Settings withHistoryRevisions(long n) {
      return new Settings(n, readConnections, leaseSweepInterval, busyTimeout, watchMemoryEvents);
    }

    public Settings withWatchMemoryEvents(int n) {
      return new Settings(historyRevisions, readConnections, leaseSweepInterval, busyTimeout, n);
    }
  }

  private final Path file;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final SqliteReaders readers;
  private final WatchHub hub;
  private final LeaseTable leases;
  private final SqliteWriter writer;
  private final Thread writerThread;
  private final SqliteCheckpointer checkpointer;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private volatile boolean closed;

  private SqliteStateStore(Path file, Clock clock, FileChannel lockChannel, Connection connection,
      Settings settings) throws SQLException {
    this.file = file;
    this.clock = clock;
    this.lockChannel = lockChannel;
    this.leases = new LeaseTable();
    long revision = meta(connection, SqliteSchema.REVISION);
    long compacted = meta(connection, SqliteSchema.COMPACTED);
    loadLeases(connection, leases, clock.instant());
    connection.commit();
    this.readers = new SqliteReaders(file, settings.readConnections(), settings.busyTimeout());
    this.hub = new WatchHub(revision, settings.watchMemoryEvents());
    this.writer = new SqliteWriter(file, connection, clock, leases, hub, settings, revision, compacted);
    this.writerThread = Thread.ofPlatform().name("gantry-store-writer").daemon(true).unstarted(writer);
    this.checkpointer = new SqliteCheckpointer(file, settings.busyTimeout(), CHECKPOINT_INTERVAL);
  }

  /** Often enough that the WAL stays a few MiB under full write load. */
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

  public static SqliteStateStore open(Path file, Clock clock) {
    return open(file, clock, Settings.defaults());
  }

  /** Opens (creating if needed) the store in {@code file}; its directory is created too. */
  public static SqliteStateStore open(Path file, Clock clock, Settings settings) {
    Path absolute = file.toAbsolutePath();
    FileChannel lock = lock(absolute);
    Connection connection = null;
    try {
      createPrivately(absolute);
      connection = SqliteSchema.openWriter(absolute, settings.busyTimeout());
      long schema = meta(connection, SqliteSchema.SCHEMA);
      if (schema != SqliteSchema.VERSION) {
        throw new StoreException("SQLite store " + absolute + " has schema version " + schema
            + "; this Gantry reads version " + SqliteSchema.VERSION);
      }
      SqliteStateStore store = new SqliteStateStore(absolute, clock, lock, connection, settings);
      store.writerThread.start();
      store.checkpointer.start();
      return store;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      closeQuietly(lock);
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("cannot open SQLite store " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** Takes the store's lock file so that only one open store writes to this database. */
  private static FileChannel lock(Path file) {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new OverlappingFileLockException();
      }
      return channel;
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new StoreException("SQLite store " + file + " is already open (lock " + lockFile
          + " is held by this or another process); one store file takes one server");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("cannot lock SQLite store " + file + " (" + lockFile + "): " + e, e);
    }
  }

  /**
   * Creates a new store file readable by its owner only: it holds credentials, and SQLite
   * gives the -wal and -shm files the database file's permissions.
   */
  private static void createPrivately(Path file) {
    if (Files.exists(file) || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // Created meanwhile; SQLite opens it as it is.
    } catch (IOException e) {
      throw new StoreException("cannot create SQLite store " + file + ": " + e, e);
    }
  }

  private static long meta(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = '" + name + "'")) {
      if (!rs.next()) {
        throw new SQLException("meta row '" + name + "' is missing");
      }
      return rs.getLong(1);
    }
  }

  /** Restarts every lease's TTL from now, as etcd does when a new leader takes over. */
  private static void loadLeases(Connection c, LeaseTable leases, Instant now) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, ttl_ms FROM leases")) {
      while (rs.next()) {
        leases.add(rs.getLong(1), Duration.ofMillis(rs.getLong(2)), now);
      }
    }
  }

  @Override
  public Optional<KeyValue> get(String key) {
    ensureOpen();
    return readers.get(key);
  }

  @Override
  public RangeResult range(Range range) {
    if (range.limit() < 0) {
      throw new IllegalArgumentException("range limit " + range.limit() + " is negative; use 0 for no limit");
    }
    ensureOpen();
    return readers.range(range);
  }

  @Override
  public TxnResult txn(Txn txn) {
    validate(txn);
    CompletableFuture<TxnResult> result = new CompletableFuture<>();
    submit(new SqliteWriter.TxnRequest(txn, result));
    return await(result);
  }

  private static void validate(Txn txn) {
    Set<String> keys = new HashSet<>();
    for (Op op : txn.then()) {
      String key = switch (op) {
        case Op.Put put -> {
          Objects.requireNonNull(put.value(), () -> "value of key " + put.key());
          yield put.key();
        }
        case Op.Delete delete -> delete.key();
      };
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("a txn op has an empty key; keys are non-empty strings");
      }
      if (!keys.add(key)) {
        throw new IllegalArgumentException("key " + key + " appears in more than one op of a txn; each key at most once");
      }
    }
  }

  @Override
  public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
    return watch(prefix, afterRevision, new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        listener.accept(event);
      }

      @Override
      public void onProgress(long revision) {}
    });
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    if (afterRevision < 0) {
      throw new IllegalArgumentException("afterRevision " + afterRevision + " is negative; use 0 for all history");
    }
    ensureOpen();
    long compacted = writer.compacted();
    if (afterRevision < compacted) {
      throw new CompactedException(afterRevision + 1, compacted + 1);
    }
    SqliteWatch watch = new SqliteWatch(prefix, afterRevision, listener, hub, readers);
    Thread.ofVirtual().name("gantry-watch " + prefix).start(watch);
    return watch;
  }

  @Override
  public long grantLease(Duration ttl) {
    if (ttl.isNegative() || ttl.toMillis() < 1) {
      throw new IllegalArgumentException("lease TTL " + ttl + " is too short; it must be at least 1 ms");
    }
    CompletableFuture<Long> result = new CompletableFuture<>();
    submit(new SqliteWriter.GrantRequest(ttl, result));
    return await(result);
  }

  @Override
  public boolean keepAlive(long leaseId) {
    ensureOpen();
    return leases.keepAlive(leaseId, clock.instant());
  }

  /** Revokes a lease, deleting its keys in one revision; revoking an unknown lease does nothing. */
  @Override
  public void revokeLease(long leaseId) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(new SqliteWriter.RevokeRequest(leaseId, result));
    await(result);
  }

  /**
   * Drops change history through {@code throughRevision}: watches from before it then fail
   * with {@link CompactedException}. Also done automatically to keep
   * {@link Settings#historyRevisions}.
   */
  public void compact(long throughRevision) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(new SqliteWriter.CompactRequest(throughRevision, result));
    await(result);
  }

  @Override
  public long revision() {
    ensureOpen();
    return writer.revision();
  }

  /** Number of commits (fsyncs) so far, for checking that group commit groups. */
  long commits() {
    return writer.commits();
  }

  /** Requests waiting for the writer. */
  int queued() {
    return writer.queued();
  }

  /**
   * Stops the writer until the returned latch is counted down; requests submitted after this
   * returns wait in the queue meanwhile and then form one batch.
   */
  CountDownLatch holdWriter() {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    submit(new SqliteWriter.HoldRequest(holding, release));
    try {
      holding.await();
    } catch (InterruptedException e) {
      release.countDown();
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while holding the writer", e);
    }
    return release;
  }

  private void submit(SqliteWriter.Request request) {
    lifecycle.lock();
    try {
      ensureOpen();
      writer.submit(request);
    } finally {
      lifecycle.unlock();
    }
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException(file);
    }
  }

  static StoreException closedException(Path file) {
    return new StoreException("SQLite store " + file + " is closed");
  }

  /** Finishes every queued write, ends the watches and closes the database. */
  @Override
  public void close() {
    lifecycle.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Queued last (submit holds the same lock), so every request before it completes.
      writer.submit(new SqliteWriter.StopRequest());
    } finally {
      lifecycle.unlock();
    }
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    checkpointer.close();
    hub.close();
    readers.close();
    closeQuietly(lockChannel);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // Closing after a failure or after all data is committed; nothing to report.
    }
  }
}
