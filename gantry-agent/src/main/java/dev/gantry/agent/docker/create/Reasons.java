package dev.gantry.agent.docker.create;

import java.util.ArrayList;
import java.util.List;

/** The reasons a container can't be created as asked, collected so the user sees all at once. */
final class Reasons {
  private final List<String> reasons = new ArrayList<>();

  /** {@code field} is the member's path in the container definition (or task definition). */
  void add(String field, String message) {
    reasons.add(field + ": " + message);
  }

  boolean isEmpty() {
    return reasons.isEmpty();
  }

  List<String> list() {
    return List.copyOf(reasons);
  }

  /** A value as a user would write it in JSON: strings quoted, lists bracketed. */
  static String quote(Object value) {
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Reasons::quote).toList().toString();
    }
    return String.valueOf(value);
  }
}
