package dev.gantry.model.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects the violations the rules find; every rule reports all it sees, never only the first. */
final class Violations {
  private final List<Violation> found = new ArrayList<>();

  void add(String field, String message) {
    found.add(new Violation(field, message));
  }

  List<Violation> list() {
    return List.copyOf(found);
  }
}
