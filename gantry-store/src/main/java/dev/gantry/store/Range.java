package dev.gantry.store;

import java.util.Optional;

/**
 * A range read: keys starting with {@code prefix}, strictly after {@code after} in the chosen
 * direction (for paging), at most {@code limit} of them (0 = no limit).
 */
public record Range(String prefix, Optional<String> after, int limit, boolean reverse) {
  public static Range prefix(String prefix) {
    return new Range(prefix, Optional.empty(), 0, false);
  }

  public Range limit(int n) {
    return new Range(prefix, after, n, reverse);
  }

  public Range after(String key) {
    return new Range(prefix, Optional.of(key), limit, reverse);
  }

  public Range reversed() {
    return new Range(prefix, after, limit, !reverse);
  }
}
