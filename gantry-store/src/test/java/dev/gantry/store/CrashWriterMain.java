package dev.gantry.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The child process of {@link SqliteCrashTest}: opens a store and commits puts from several
 * threads, printing "ack REVISION KEY" only after each txn has returned. Stops by itself after
 * 30 seconds so that an orphan cannot run on.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    long deadline = System.nanoTime() + 30_000_000_000L;
    SqliteStateStore store = SqliteStateStore.open(file, Clock.systemUTC());
    System.out.println("ready");
    System.out.flush();
    Thread[] writers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      writers[t] = Thread.ofPlatform().start(() -> {
        for (int i = 0; System.nanoTime() - deadline < 0; i++) {
          String key = "/crash/" + id + "/" + i;
          byte[] value = ("value of " + key).getBytes(StandardCharsets.UTF_8);
          TxnResult r = store.txn(new Txn(List.of(), List.of(Op.put(key, value))));
          synchronized (System.out) {
            System.out.println("ack " + r.revision() + " " + key);
            System.out.flush();
          }
        }
      });
    }
    for (Thread w : writers) {
      w.join();
    }
    store.close();
  }
}
