package dev.gantry.model.validation;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task-level {@code cpu} and {@code memory} as ECS reads them: plain numbers are CPU units and
 * MiB; {@code "1 vCPU"}/{@code "0.5 vcpu"} are 1024 units per vCPU and {@code "2 GB"}/{@code "2GB"}
 * are 1024 MiB per GB, unit case-insensitive and the space optional. A fraction is accepted only
 * when it comes to a whole number of units or MiB.
 */
final class TaskSize {
  static final String CPU_FORMS = "CPU units such as '1024' or vCPUs such as '1 vCPU' or '0.5 vcpu'";
  static final String MEMORY_FORMS = "MiB such as '2048' or GB such as '2 GB' or '2GB'";

  private static final Pattern PLAIN = Pattern.compile("\\d{1,12}");
  private static final Pattern VCPU = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?) ?vcpu", Pattern.CASE_INSENSITIVE);
  private static final Pattern GB = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?) ?gb", Pattern.CASE_INSENSITIVE);
  private static final BigDecimal PER_UNIT = BigDecimal.valueOf(1024);

  private TaskSize() {}

  /** CPU units, or empty when the text is in no form ECS accepts or is not a whole number of units. */
  static Optional<Long> cpuUnits(String text) {
    return parse(text, VCPU);
  }

  /** MiB, or empty when the text is in no form ECS accepts or is not a whole number of MiB. */
  static Optional<Long> memoryMiB(String text) {
    return parse(text, GB);
  }

  private static Optional<Long> parse(String text, Pattern scaled) {
    if (PLAIN.matcher(text).matches()) {
      return Optional.of(Long.parseLong(text));
    }
    Matcher m = scaled.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(m.group(1)).multiply(PER_UNIT);
    if (value.stripTrailingZeros().scale() > 0) {
      return Optional.empty();
    }
    return Optional.of(value.longValueExact());
  }
}
