package dev.gantry.agent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Durations in Go's {@code time.ParseDuration} syntax, which the ECS agent's duration variables
 * use: a sequence of decimal numbers, each with an optional fraction and a unit ({@code ns},
 * {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 30s},
 * {@code 1.5h}, {@code 2h45m}; a bare {@code 0} is zero. Signs are refused: no agent timeout
 * can be negative. Public for the {@code gantry server} options, which take durations the same way.
 */
public final class GoDuration {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  public static Optional<Duration> parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(numberStart, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
      if (unit == null || !number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
        return Optional.empty();
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.longValue()));
  }

  /** Go's way of printing a duration, as users wrote it: {@code 30s}, {@code 3m0s}, {@code 3h0m0s}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long h = d.toHours();
    int m = d.toMinutesPart();
    double s = d.toSecondsPart() + d.toNanosPart() / 1e9;
    String secs = s == Math.rint(s) ? Long.toString((long) s) : BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    if (h > 0) {
      return h + "h" + m + "m" + secs + "s";
    }
    return m > 0 ? m + "m" + secs + "s" : secs + "s";
  }
}
