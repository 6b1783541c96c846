package dev.gantry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  static Stream<Arguments> goDurations() {
    return Stream.of(
        Arguments.of("0", Duration.ZERO),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("3h", Duration.ofHours(3)),
        Arguments.of("1.5h", Duration.ofMinutes(90)),
        Arguments.of("2h45m", Duration.ofMinutes(165)),
        Arguments.of("1m30s", Duration.ofSeconds(90)),
        Arguments.of("300ms", Duration.ofMillis(300)),
        Arguments.of(".5s", Duration.ofMillis(500)),
        Arguments.of("10us", Duration.ofNanos(10_000)),
        Arguments.of("10µs", Duration.ofNanos(10_000)),
        Arguments.of("7ns", Duration.ofNanos(7)),
        Arguments.of(" 45s ", Duration.ofSeconds(45)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("goDurations")
  void parsesGoSyntax(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).contains(expected);
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {"", "30", "30x", "s", "-30s", "+30s", "1..5s", "3 m", "1d", "PT30S", "9999999999h"})
  void refusesWhatGoRefusesAndNegatives(String text) {
    assertThat(GoDuration.parse(text)).isEmpty();
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(Duration.ofSeconds(30), "30s"),
        Arguments.of(Duration.ofMinutes(3), "3m0s"),
        Arguments.of(Duration.ofHours(3), "3h0m0s"),
        Arguments.of(Duration.ofMillis(1500), "1.5s"));
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @MethodSource("formats")
  void printsLikeGo(Duration d, String expected) {
    assertThat(GoDuration.format(d)).isEqualTo(expected);
  }
}
