package dev.gantry.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values out of an environment map, collecting a {@link ConfigProblem} for every
 * malformed one instead of stopping at the first, so the agent names all of them at once. An
 * empty value counts as unset, as in the ECS agent.
 */
final class EnvReader {
  private final Map<String, String> env;
  private final List<ConfigProblem> problems = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> raw(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /**
   * The parsed value, or {@code fallback} when unset or malformed (a problem is recorded then,
   * so the fallback is never used to start the agent).
   */
  <T> T get(String name, T fallback, Function<String, Optional<T>> parser, String valid) {
    Optional<String> value = raw(name);
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<T> parsed;
    try {
      parsed = parser.apply(value.get());
    } catch (RuntimeException e) {
      parsed = Optional.empty();
    }
    if (parsed.isEmpty()) {
      problem(name, value.get(), valid);
      return fallback;
    }
    return parsed.get();
  }

  <T> Optional<T> optional(String name, Function<String, Optional<T>> parser, String valid) {
    return raw(name).isEmpty() ? Optional.empty() : Optional.ofNullable(get(name, null, parser, valid));
  }

  String required(String name, String valid) {
    Optional<String> value = raw(name);
    if (value.isEmpty()) {
      problem(name, null, valid);
      return "";
    }
    return value.get();
  }

  void problem(String name, String value, String valid) {
    problems.add(new ConfigProblem(name, value, valid));
  }

  List<ConfigProblem> problems() {
    return problems;
  }
}
