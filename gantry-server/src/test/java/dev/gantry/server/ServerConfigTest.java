package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.server.ops.TaskReaper;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a server configuration accepts, and the message naming the value when it does not. */
class ServerConfigTest {
  private static final ServerConfig BASE = new ServerConfig(new InetSocketAddress("127.0.0.1", 0), Path.of("data"),
      null, null, null, null);

  @Test
  void stoppedTasksAreKeptForAnHourUnlessToldOtherwise() {
    assertThat(BASE.stoppedTaskRetention()).isEqualTo(TaskReaper.DEFAULT_RETENTION).isEqualTo(Duration.ofHours(1));
    assertThat(BASE.withStoppedTaskRetention(Duration.ofMinutes(5)).stoppedTaskRetention())
        .isEqualTo(Duration.ofMinutes(5));
  }

  static Stream<Duration> outOfRangeRetentions() {
    return Stream.of(Duration.ofMillis(999), Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(366),
        Duration.ofSeconds(Long.MAX_VALUE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRangeRetentions")
  void aStoppedTaskRetentionOutOfRangeIsRefusedNamingItAndTheRange(Duration retention) {
    assertThatThrownBy(() -> BASE.withStoppedTaskRetention(retention))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stopped task retention " + retention)
        .hasMessageContaining("1 s to 365 days");
  }

  @Test
  void theLongestRetentionIsAccepted() {
    assertThat(BASE.withStoppedTaskRetention(ServerConfig.MAX_STOPPED_TASK_RETENTION).stoppedTaskRetention())
        .isEqualTo(Duration.ofDays(365));
  }
}
