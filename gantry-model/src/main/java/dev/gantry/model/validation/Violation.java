package dev.gantry.model.validation;

/**
 * One thing wrong with a request: {@code field} is the member path as the user wrote it
 * (for example {@code containerDefinitions[1].links}); {@code message} says what was given
 * and what would be valid.
 */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
