package dev.gantry.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one thread that writes, with group commit.
 *
 * <p>Goal: durable transactions (fsynced before the caller hears of them) at far more than one
 * fsync's worth per second when many callers write at once. Algorithm: callers enqueue
 * requests; the writer takes everything queued, applies the requests in queue order inside one
 * SQLite transaction (each transaction's compares see the changes of the earlier ones, and each
 * transaction that changes something gets its own revision), commits once, and only then
 * publishes the events to watches and completes the callers. If the commit fails, the whole
 * batch is rolled back and every caller in it gets the error; nothing was acknowledged.
 * Expired leases are ended here too, each as a request of its own, so their deletions are
 * ordered with every other write.
 */
final class SqliteWriter implements Runnable {
  sealed interface Request {}

  record TxnRequest(Txn txn, CompletableFuture<TxnResult> result) implements Request {}

  record GrantRequest(Duration ttl, CompletableFuture<Long> result) implements Request {}

  record RevokeRequest(long lease, CompletableFuture<Void> result) implements Request {}

  record CompactRequest(long throughRevision, CompletableFuture<Void> result) implements Request {}

  /**
   * Stops the writer until released, counting down {@code holding} once it has stopped (lets
   * tests queue a batch deterministically).
   */
  record HoldRequest(CountDownLatch holding, CountDownLatch release) implements Request {}

  record StopRequest() implements Request {}

  private record ExpireRequest(long lease) implements Request {}

  private static final int MAX_BATCH = 4096;

  private final Path file;
  private final Connection connection;
  private final Clock clock;
  private final LeaseTable leases;
  private final WatchHub hub;
  private final long historyRevisions;
  private final long sweepNanos;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Statements sql;

  private volatile long revision;
  private volatile long compacted;
  private volatile long commits;
  private long nextSweep;
  private final ReentrantLock submitLock = new ReentrantLock();
  private boolean stopped;
  private Throwable stopCause;

  SqliteWriter(Path file, Connection connection, Clock clock, LeaseTable leases, WatchHub hub,
      SqliteStateStore.Settings settings, long revision, long compacted) {
    this.file = file;
    this.connection = connection;
    this.clock = clock;
    this.leases = leases;
    this.hub = hub;
    this.historyRevisions = settings.historyRevisions();
    this.sweepNanos = settings.leaseSweepInterval().toNanos();
    this.revision = revision;
    this.compacted = compacted;
    this.sql = new Statements(connection);
  }

  /** Queues a request; refused once the writer has stopped, so that no caller waits forever. */
  void submit(Request request) {
    submitLock.lock();
    try {
      if (stopped) {
        throw new StoreException("SQLite store " + file + ": the writer has stopped", stopCause);
      }
      queue.add(request);
    } finally {
      submitLock.unlock();
    }
  }

  long revision() {
    return revision;
  }

  long compacted() {
    return compacted;
  }

  long commits() {
    return commits;
  }

  int queued() {
    return queue.size();
  }

  @Override
  public void run() {
    ArrayDeque<Request> pending = new ArrayDeque<>();
    try {
      while (true) {
        if (pending.isEmpty()) {
          Request first = queue.poll(sweepNanos, TimeUnit.NANOSECONDS);
          if (first != null) {
            pending.add(first);
          }
        }
        queue.drainTo(pending, Math.max(0, MAX_BATCH - pending.size()));
        List<Request> batch = new ArrayList<>();
        sweepExpiredLeases(batch);
        while (!pending.isEmpty() && batch.size() < MAX_BATCH
            && !(pending.peek() instanceof HoldRequest) && !(pending.peek() instanceof StopRequest)) {
          batch.add(pending.poll());
        }
        if (!batch.isEmpty()) {
          commit(batch);
        }
        Request control = pending.peek();
        if (control instanceof HoldRequest hold) {
          pending.poll();
          hold.holding().countDown();
          hold.release().await();
        } else if (control instanceof StopRequest) {
          return;
        }
      }
    } catch (InterruptedException | RuntimeException | Error e) {
      stopCause = e;
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      stop(pending);
    }
  }

  /** Refuses new requests and fails the ones still waiting (none after a normal stop). */
  private void stop(ArrayDeque<Request> pending) {
    submitLock.lock();
    try {
      stopped = true;
    } finally {
      submitLock.unlock();
    }
    queue.drainTo(pending);
    StoreException failure = new StoreException("SQLite store " + file + ": the writer stopped before this request ran", stopCause);
    fail(new ArrayList<>(pending), failure);
    try {
      connection.close();
    } catch (SQLException e) {
      // Every acknowledged write is already committed; nothing is lost by a failed close.
    }
  }

  private void sweepExpiredLeases(List<Request> batch) {
    long now = System.nanoTime();
    if (now - nextSweep < 0) {
      return;
    }
    nextSweep = now + sweepNanos;
    for (long id : leases.beginExpired(clock.instant())) {
      batch.add(new ExpireRequest(id));
    }
  }

  /** The state one batch builds up before it commits. */
  private final class Batch {
    long revision = SqliteWriter.this.revision;
    long compacted = SqliteWriter.this.compacted;
    final List<WatchEvent> events = new ArrayList<>();
    final List<Runnable> onCommit = new ArrayList<>();
    final List<Long> endedLeases = new ArrayList<>();
    final List<GrantedLease> grantedLeases = new ArrayList<>();
  }

  private record GrantedLease(long id, Duration ttl) {}

  private void commit(List<Request> batch) {
    Batch b = new Batch();
    try {
      for (Request r : batch) {
        apply(r, b);
      }
      if (b.revision != revision) {
        sql.setMeta(SqliteSchema.REVISION, b.revision);
        if (b.revision - b.compacted > historyRevisions + Math.max(1, historyRevisions / 10)) {
          compact(b.revision - historyRevisions, b);
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(batch, b, e);
      return;
    } catch (Error e) {
      rollback(batch, b, e);
      throw e;
    }
    commits++;
    for (long id : b.endedLeases) {
      leases.finishEnd(id);
    }
    for (GrantedLease g : b.grantedLeases) {
      leases.add(g.id(), g.ttl(), clock.instant());
    }
    compacted = b.compacted;
    revision = b.revision;
    if (!b.events.isEmpty()) {
      hub.publish(b.events, b.revision);
    }
    b.onCommit.forEach(Runnable::run);
  }

  private void rollback(List<Request> batch, Batch b, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    for (long id : b.endedLeases) {
      leases.undoEnd(id);
    }
    fail(batch, new StoreException(
        "SQLite store " + file + ": commit failed, nothing of this batch was written: " + cause.getMessage(), cause));
  }

  private static void fail(List<Request> requests, StoreException failure) {
    for (Request r : requests) {
      switch (r) {
        case TxnRequest t -> t.result().completeExceptionally(failure);
        case GrantRequest g -> g.result().completeExceptionally(failure);
        case RevokeRequest v -> v.result().completeExceptionally(failure);
        case CompactRequest c -> c.result().completeExceptionally(failure);
        case ExpireRequest x -> { } // the lease was unmarked; the next sweep tries again
        case HoldRequest h -> { }
        case StopRequest s -> { }
      }
    }
  }

  private void apply(Request request, Batch b) throws SQLException {
    switch (request) {
      case TxnRequest t -> {
        try {
          TxnResult result = applyTxn(t.txn(), b);
          b.onCommit.add(() -> t.result().complete(result));
        } catch (StoreException rejected) {
          b.onCommit.add(() -> t.result().completeExceptionally(rejected));
        }
      }
      case GrantRequest g -> {
        long id = sql.insertLease(g.ttl().toMillis());
        b.grantedLeases.add(new GrantedLease(id, g.ttl()));
        b.onCommit.add(() -> g.result().complete(id));
      }
      case RevokeRequest v -> {
        if (leases.beginEnd(v.lease())) {
          endLease(v.lease(), b);
        }
        b.onCommit.add(() -> v.result().complete(null));
      }
      case ExpireRequest x -> endLease(x.lease(), b);
      case CompactRequest c -> {
        if (c.throughRevision() > b.revision) {
          StoreException e = new StoreException("cannot compact through revision " + c.throughRevision()
              + ": the store is at revision " + b.revision);
          b.onCommit.add(() -> c.result().completeExceptionally(e));
        } else {
          compact(c.throughRevision(), b);
          b.onCommit.add(() -> c.result().complete(null));
        }
      }
      case HoldRequest h -> { }
      case StopRequest s -> { }
    }
  }

  /** Applies one transaction on top of the batch so far; a {@link StoreException} means it wrote nothing. */
  private TxnResult applyTxn(Txn txn, Batch b) throws SQLException {
    for (Compare c : txn.when()) {
      switch (c) {
        case Compare.ModRevision m -> {
          if (sql.modRevision(m.key()) != m.modRevision()) {
            return new TxnResult(false, b.revision);
          }
        }
      }
    }
    for (Op op : txn.then()) {
      if (op instanceof Op.Put put && put.lease() != 0 && !leases.usable(put.lease())) {
        throw new StoreException("lease " + put.lease() + " of key " + put.key()
            + " does not exist (it expired or was revoked); grant a new lease");
      }
    }
    long rev = b.revision + 1;
    int seq = 0;
    for (Op op : txn.then()) {
      switch (op) {
        case Op.Put put -> {
          KeyValue kv = sql.upsert(put, rev);
          sql.logChange(rev, seq++, SqliteSchema.PUT, kv);
          b.events.add(new WatchEvent(WatchEvent.Type.PUT, kv, rev));
        }
        case Op.Delete delete -> {
          for (KeyValue last : sql.delete(delete.key())) {
            sql.logChange(rev, seq++, SqliteSchema.DELETE, last);
            b.events.add(new WatchEvent(WatchEvent.Type.DELETE, last, rev));
          }
        }
      }
    }
    if (seq > 0) {
      b.revision = rev;
    }
    return new TxnResult(true, b.revision);
  }

  /** Deletes a lease and its keys, all keys in one revision; the lease is already marked ending. */
  private void endLease(long lease, Batch b) throws SQLException {
    b.endedLeases.add(lease);
    List<KeyValue> deleted = sql.deleteLeaseKeys(lease);
    deleted.sort(Comparator.comparing(KeyValue::key));
    long rev = b.revision + 1;
    int seq = 0;
    for (KeyValue last : deleted) {
      sql.logChange(rev, seq++, SqliteSchema.DELETE, last);
      b.events.add(new WatchEvent(WatchEvent.Type.DELETE, last, rev));
    }
    if (seq > 0) {
      b.revision = rev;
    }
    sql.deleteLease(lease);
  }

  private void compact(long through, Batch b) throws SQLException {
    if (through <= b.compacted) {
      return;
    }
    sql.compact(through);
    b.compacted = through;
  }

  /** The writer's prepared statements. */
  private static final class Statements {
    private final PreparedStatement modRevision;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    private final PreparedStatement deleteLeaseKeys;
    private final PreparedStatement logChange;
    private final PreparedStatement insertLease;
    private final PreparedStatement deleteLease;
    private final PreparedStatement setMeta;
    private final PreparedStatement compactChanges;

    Statements(Connection c) {
      try {
        modRevision = c.prepareStatement("SELECT mod_rev FROM kv WHERE key = ?");
        upsert = c.prepareStatement("INSERT INTO kv (key, value, create_rev, mod_rev, version, lease)"
            + " VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
            + " mod_rev = excluded.mod_rev, version = kv.version + 1, lease = excluded.lease"
            + " RETURNING create_rev, version");
        delete = c.prepareStatement("DELETE FROM kv WHERE key = ? RETURNING key, value, create_rev, mod_rev, version, lease");
        deleteLeaseKeys = c.prepareStatement(
            "DELETE FROM kv WHERE lease = ? RETURNING key, value, create_rev, mod_rev, version, lease");
        logChange = c.prepareStatement("INSERT INTO changes (rev, seq, type, key, value, create_rev, mod_rev,"
            + " version, lease) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insertLease = c.prepareStatement("INSERT INTO leases (ttl_ms) VALUES (?) RETURNING id");
        deleteLease = c.prepareStatement("DELETE FROM leases WHERE id = ?");
        setMeta = c.prepareStatement("UPDATE meta SET value = ? WHERE name = ?");
        compactChanges = c.prepareStatement("DELETE FROM changes WHERE rev <= ?");
      } catch (SQLException e) {
        throw new StoreException("cannot prepare the store's statements: " + e.getMessage(), e);
      }
    }

    long modRevision(String key) throws SQLException {
      modRevision.setBytes(1, SqliteSchema.bytes(key));
      try (ResultSet rs = modRevision.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }

    KeyValue upsert(Op.Put put, long rev) throws SQLException {
      upsert.setBytes(1, SqliteSchema.bytes(put.key()));
      upsert.setBytes(2, put.value());
      upsert.setLong(3, rev);
      upsert.setLong(4, rev);
      upsert.setLong(5, put.lease());
      try (ResultSet rs = upsert.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("upsert of " + put.key() + " returned no row");
        }
        // A copy, because watch listeners get this array and the caller still holds its own.
        return new KeyValue(put.key(), put.value().clone(), rs.getLong(1), rev, rs.getLong(2), put.lease());
      }
    }

    List<KeyValue> delete(String key) throws SQLException {
      delete.setBytes(1, SqliteSchema.bytes(key));
      return rows(delete);
    }

    List<KeyValue> deleteLeaseKeys(long lease) throws SQLException {
      deleteLeaseKeys.setLong(1, lease);
      return rows(deleteLeaseKeys);
    }

    private static List<KeyValue> rows(PreparedStatement s) throws SQLException {
      List<KeyValue> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(SqliteReaders.keyValue(rs, 1));
        }
      }
      return out;
    }

    void logChange(long rev, int seq, int type, KeyValue kv) throws SQLException {
      logChange.setLong(1, rev);
      logChange.setInt(2, seq);
      logChange.setInt(3, type);
      logChange.setBytes(4, SqliteSchema.bytes(kv.key()));
      logChange.setBytes(5, kv.value());
      logChange.setLong(6, kv.createRevision());
      logChange.setLong(7, kv.modRevision());
      logChange.setLong(8, kv.version());
      logChange.setLong(9, kv.lease());
      logChange.executeUpdate();
    }

    long insertLease(long ttlMillis) throws SQLException {
      insertLease.setLong(1, ttlMillis);
      try (ResultSet rs = insertLease.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("lease insert returned no id");
        }
        return rs.getLong(1);
      }
    }

    void deleteLease(long id) throws SQLException {
      deleteLease.setLong(1, id);
      deleteLease.executeUpdate();
    }

    void setMeta(String name, long value) throws SQLException {
      setMeta.setLong(1, value);
      setMeta.setString(2, name);
      setMeta.executeUpdate();
    }

    void compact(long through) throws SQLException {
      compactChanges.setLong(1, through);
      compactChanges.executeUpdate();
      setMeta(SqliteSchema.COMPACTED, through);
    }
  }
}
