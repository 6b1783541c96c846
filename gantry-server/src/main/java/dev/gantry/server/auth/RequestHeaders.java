package dev.gantry.server.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The headers of a request as sent: every value of a header, looked up case-insensitively. */
@FunctionalInterface
public interface RequestHeaders {

  /** All values of header {@code name}, in arrival order; empty when the header is absent. */
  List<String> values(String name);

  default Optional<String> first(String name) {
    List<String> v = values(name);
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  static RequestHeaders of(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> byName.merge(name, List.copyOf(values),
        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
    return name -> byName.getOrDefault(name, List.of());
  }
}
