package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeaseFileTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/host-a";
  private static final String TASK = "arn:aws:ecs:us-east-1:000000000000:task/c/t1";
  private static final SavedLease LEASE = new SavedLease(ARN, T0, Duration.ofMillis(12_500),
      Map.of(TASK, Duration.ofSeconds(120)));

  @TempDir
  Path dir;

  @Test
  void aSavedLeaseReadsBackAsItWasWritten() {
    LeaseFile file = new LeaseFile(dir, "host-a");
    file.write(LEASE);

    assertThat(new LeaseFile(dir, "host-a").read()).contains(LEASE);
    assertThat(file.file().getFileName().toString()).isEqualTo("lease-host-a.json");
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws IOException {
    LeaseFile file = new LeaseFile(dir, "host-a");
    for (int i = 0; i < 5; i++) {
      file.write(new SavedLease(ARN, T0.plusSeconds(i), LEASE.lease(), LEASE.fencedTasks()));
    }

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file.file());
    }
    assertThat(file.read().orElseThrow().deadline()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void aLeaseWithoutFencedTasksRemovesTheFile() {
    LeaseFile file = new LeaseFile(dir, "host-a");
    file.write(LEASE);
    file.write(new SavedLease(ARN, T0, LEASE.lease(), Map.of()));

    assertThat(Files.exists(file.file())).isFalse();
    assertThat(file.read()).isEmpty();
  }

  @Test
  void eachHostIdentityHasItsOwnFile() {
    new LeaseFile(dir, "host-a").write(LEASE);

    assertThat(new LeaseFile(dir, "host-b").read()).isEmpty();
  }

  @Test
  void aMissingOrDamagedFileIsNoLease() throws IOException {
    LeaseFile file = new LeaseFile(dir, "host-a");
    assertThat(file.read()).isEmpty();

    Files.writeString(file.file(), "{\"containerInstanceArn\": \"" + ARN + "\", \"deadl");
    assertThat(file.read()).isEmpty();

    Files.writeString(file.file(), "{\"containerInstanceArn\": \"" + ARN + "\", \"deadline\": \"yesterday\", "
        + "\"leaseMillis\": 1000, \"fencedTasks\": {}}");
    assertThat(file.read()).isEmpty();
  }

  @Test
  void unreadableNumbersErrTowardStoppingEarly() throws IOException {
    LeaseFile file = new LeaseFile(dir, "host-a");
    Files.writeString(file.file(), "{\"containerInstanceArn\": \"" + ARN + "\", \"deadline\": \"" + T0 + "\", "
        + "\"leaseMillis\": -5, \"fencedTasks\": {\"task-1\": \"soon\", \"task-2\": -3}}");

    SavedLease lease = file.read().orElseThrow();

    assertThat(lease.fencedTasks()).containsOnlyKeys("task-1", "task-2").allSatisfy((task, stop) ->
        assertThat(stop).isEqualTo(Duration.ZERO));
    assertThat(lease.remaining(T0.minusSeconds(60))).as("a negative lease lapses at once").isZero();
  }

  static Stream<Arguments> remaining() {
    return Stream.of(
        Arguments.of("well inside the lease", T0.minusSeconds(4), Duration.ofSeconds(4)),
        Arguments.of("exactly at the deadline", T0, Duration.ZERO),
        Arguments.of("past the deadline", T0.plusSeconds(30), Duration.ZERO),
        Arguments.of("a wall clock stepped back: at most one lease", T0.minusSeconds(3600), Duration.ofMillis(12_500)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("remaining")
  void theTimeLeftIsNeverNegativeNorMoreThanTheLease(String what, Instant now, Duration expected) {
    assertThat(LEASE.remaining(now)).isEqualTo(expected);
  }
}
