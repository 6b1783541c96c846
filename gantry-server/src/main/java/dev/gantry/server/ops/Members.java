package dev.gantry.server.ops;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reading members of the generated wire records, whose absent members are null: ECS shows an
 * absent list as an empty one, and an absent {@code include} as asking for nothing extra.
 */
final class Members {
  private Members() {}

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** The values an enum-list member (such as {@code include}) names; null entries are ignored. */
  static <E extends Enum<E>> Set<E> enumSet(Class<E> type, List<E> values) {
    Set<E> set = EnumSet.noneOf(type);
    orEmpty(values).stream().filter(Objects::nonNull).forEach(set::add);
    return set;
  }
}
