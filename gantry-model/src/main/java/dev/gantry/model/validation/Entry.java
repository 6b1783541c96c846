package dev.gantry.model.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a request list together with its position, so a rule can name the element as
 * the user wrote it ({@code portMappings[2]}). Absent lists and JSON {@code null} elements
 * yield no entries: {@link NullEntryRules} reports the nulls once, every other rule skips them.
 */
record Entry<T>(int index, T value) {

  static <T> List<Entry<T>> of(List<T> list) {
    if (list == null) {
      return List.of();
    }
    List<Entry<T>> entries = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) != null) {
        entries.add(new Entry<>(i, list.get(i)));
      }
    }
    return entries;
  }
}
