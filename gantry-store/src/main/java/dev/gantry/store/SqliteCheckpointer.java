package dev.gantry.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies the WAL back into the database file from its own connection and thread.
 *
 * <p>Why: left to SQLite's auto-checkpoint, the commit that crosses the WAL threshold also does
 * the checkpoint (copy pages, fsync the main file) on the single writer thread, and every
 * request waiting for that group commit stalls for it: the latency tail. A PASSIVE checkpoint
 * here never blocks the writer or readers; it copies what it can, and once it has caught up
 * the writer wraps the WAL around and the file stops growing.
 */
final class SqliteCheckpointer implements Runnable {
  private final Path file;
  private final Connection connection;
  private final Duration interval;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  SqliteCheckpointer(Path file, Duration busyTimeout, Duration interval) throws SQLException {
    this.file = file;
    this.connection = SqliteSchema.openCheckpointer(file, busyTimeout);
    this.interval = interval;
    this.thread = Thread.ofPlatform().name("gantry-store-checkpointer").daemon(true).unstarted(this);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    try {
      while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        checkpoint("PASSIVE");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkpoint(String mode) {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(" + mode + ")");
    } catch (SQLException e) {
      // A skipped checkpoint loses nothing: the WAL keeps every commit and the next try copies it.
      System.getLogger(SqliteCheckpointer.class.getName()).log(System.Logger.Level.WARNING,
          "WAL checkpoint of " + file + " failed: " + e.getMessage());
    }
  }

  /** Stops the thread; the caller's writer is already stopped, so one last full copy is cheap. */
  void close() {
    stop.countDown();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    checkpoint("TRUNCATE");
    try {
      connection.close();
    } catch (SQLException e) {
      // Every commit is already durable in the WAL or the database file.
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
