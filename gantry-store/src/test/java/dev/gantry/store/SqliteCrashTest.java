package dev.gantry.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL and checks that every write it acknowledged is in the
 * file afterwards: the promise {@code synchronous=FULL} plus group commit must keep.
 */
class SqliteCrashTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(60)
  void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
    Path file = dir.resolve("crash.db");
    Path stderr = dir.resolve("child.err");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CrashWriterMain.class.getName(), file.toString(), "4")
        .redirectError(stderr.toFile())
        .start();
    Map<String, Long> acked = new LinkedHashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while (acked.size() < 300 && (line = out.readLine()) != null) {
        record(line, acked);
      }
      assertThat(acked).as("acks before the child ended; its stderr: %s", Files.readString(stderr)).hasSize(300);
      // SIGKILL through the handle, which (unlike Process.destroyForcibly) leaves our end of the
      // pipe open: lines the child printed just before it died were acknowledged too.
      assertThat(child.toHandle().destroyForcibly()).isTrue();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
      while ((line = out.readLine()) != null) {
        record(line, acked);
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    try (SqliteStateStore store = SqliteStateStore.open(file, Clock.systemUTC())) {
      long maxAcked = 0;
      for (var e : acked.entrySet()) {
        KeyValue kv = store.get(e.getKey()).orElseThrow(() -> new AssertionError("lost acknowledged write " + e));
        assertThat(kv.modRevision()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(new String(kv.value(), UTF_8)).isEqualTo("value of " + e.getKey());
        maxAcked = Math.max(maxAcked, e.getValue());
      }
      assertThat(store.revision()).isGreaterThanOrEqualTo(maxAcked);
      assertThat(store.range(Range.prefix("/crash/")).kvs().size()).isGreaterThanOrEqualTo(acked.size());
      long before = store.revision();
      TxnResult after = store.txn(new Txn(List.of(), List.of(Op.put("/after-crash", "ok".getBytes(UTF_8)))));
      assertThat(after).isEqualTo(new TxnResult(true, before + 1));
    }
  }

  private static void record(String line, Map<String, Long> acked) {
    if (line.startsWith("ack ")) {
      String[] parts = line.split(" ");
      acked.put(parts[2], Long.parseLong(parts[1]));
    }
  }
}
