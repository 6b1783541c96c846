package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.HealthCheck;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HealthCheckRulesTest {
  private static final String PATH = "containerDefinitions[0].healthCheck";

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("a healthCheck without command is refused", health(h -> h.command(null)), PATH + ".command", "required"),
        rejects("a healthCheck with an empty command is refused", health(h -> h.command(List.of())),
            PATH + ".command", "empty", "CMD-SHELL"),
        rejects("an interval of 4 seconds is too short", health(h -> h.interval(4)), PATH + ".interval", "4", "5 to 300"),
        rejects("an interval of 301 seconds is too long", health(h -> h.interval(301)), PATH + ".interval", "301", "5 to 300"),
        rejects("a timeout of 1 second is too short", health(h -> h.timeout(1)), PATH + ".timeout", "1", "2 to 60"),
        rejects("a timeout of 61 seconds is too long", health(h -> h.timeout(61)), PATH + ".timeout", "61", "2 to 60"),
        rejects("0 retries are too few", health(h -> h.retries(0)), PATH + ".retries", "0", "1 to 10"),
        rejects("11 retries are too many", health(h -> h.retries(11)), PATH + ".retries", "11", "1 to 10"),
        rejects("a negative startPeriod is refused", health(h -> h.startPeriod(-1)), PATH + ".startPeriod", "-1", "0 to 300"),
        rejects("a startPeriod of 301 seconds is too long", health(h -> h.startPeriod(301)),
            PATH + ".startPeriod", "301", "0 to 300"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("a command alone, with ECS's default timings", health(h -> h)),
        named("the lowest timings", health(h -> h.interval(5).timeout(2).retries(1).startPeriod(0))),
        named("the highest timings", health(h -> h.interval(300).timeout(60).retries(10).startPeriod(300))));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("accepted")
  void accepts(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  private static RegisterTaskDefinitionRequest health(UnaryOperator<HealthCheck.Builder> change) {
    HealthCheck.Builder base = HealthCheck.builder().command(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"));
    return task(container("web").healthCheck(change.apply(base).build()).build());
  }
}
