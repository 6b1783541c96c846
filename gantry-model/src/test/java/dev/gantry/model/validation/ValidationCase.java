package dev.gantry.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.List;

/**
 * One row of a rule table: a sentence, a request that breaks exactly one rule, the field path
 * the violation must name and words its message must contain (the value and what is valid).
 */
record ValidationCase(String sentence, RegisterTaskDefinitionRequest request, String field, List<String> words) {

  static ValidationCase rejects(String sentence, RegisterTaskDefinitionRequest request, String field,
      String... words) {
    return new ValidationCase(sentence, request, field, List.of(words));
  }

  /** The request yields exactly one violation, on the expected field, with the expected words. */
  void assertRejected() {
    List<Violation> violations = TaskDefinitionValidator.validate(request);
    assertThat(violations).as("violations of: %s", sentence).extracting(Violation::field).containsExactly(field);
    assertThat(violations.getFirst().message()).as("message of: %s", sentence).contains(words);
  }

  static void assertAccepted(RegisterTaskDefinitionRequest request) {
    assertThat(TaskDefinitionValidator.validate(request)).isEmpty();
  }

  @Override
  public String toString() {
    return sentence;
  }
}
