package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DesiredStatus;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Task;
import dev.gantry.model.TaskStopCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small rules: rounding of the bounds, the breaker's threshold, the throttle's backoff, defaults. */
class RulesTest {

  @ParameterizedTest(name = "desired {0}, {1} %: at least {2} healthy")
  @CsvSource({"4, 50, 2", "2, 75, 2", "3, 50, 2", "1, 0, 0", "5, 100, 5", "0, 100, 0"})
  void minimumHealthyRoundsUp(int desired, int percent, int expected) {
    assertThat(new DeploymentConfig(percent, 200, false, false).minimumHealthy(desired)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "desired {0}, {1} %: at most {2} tasks")
  @CsvSource({"4, 200, 8", "3, 125, 3", "4, 150, 6", "1, 100, 1", "7, 133, 9"})
  void maximumRoundsDown(int desired, int percent, int expected) {
    assertThat(new DeploymentConfig(100, percent, false, false).maximumTasks(desired)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "desired {0}: threshold {1}")
  @CsvSource({"0, 3", "1, 3", "6, 3", "7, 4", "25, 13", "400, 200", "800, 200"})
  void circuitBreakerThresholdIsHalfTheDesiredCountClampedTo3And200(int desired, int threshold) {
    assertThat(CircuitBreaker.threshold(desired)).isEqualTo(threshold);
  }

  @ParameterizedTest(name = "{0} failures in a row: wait {1} s")
  @CsvSource({"0, 0", "3, 0", "4, 10", "5, 20", "7, 80", "10, 640", "11, 900", "1000, 900"})
  void throttleBackoffDoublesUpTo15Minutes(int failures, long seconds) {
    assertThat(LaunchThrottle.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void deploymentConfigurationDefaultsFollowTheSchedulingStrategy() {
    assertThat(DeploymentConfig.of(null, SchedulingStrategy.REPLICA)).isEqualTo(new DeploymentConfig(100, 200, false, false));
    assertThat(DeploymentConfig.of(null, SchedulingStrategy.DAEMON)).isEqualTo(new DeploymentConfig(0, 100, false, false));
    DeploymentConfiguration wire = DeploymentConfiguration.builder().minimumHealthyPercent(50)
        .deploymentCircuitBreaker(new DeploymentCircuitBreaker(true, true)).build();
    assertThat(DeploymentConfig.of(wire, SchedulingStrategy.REPLICA)).isEqualTo(new DeploymentConfig(50, 200, true, true));
    DeploymentConfiguration rollbackOnly = DeploymentConfiguration.builder()
        .deploymentCircuitBreaker(new DeploymentCircuitBreaker(false, true)).build();
    assertThat(DeploymentConfig.of(rollbackOnly, SchedulingStrategy.REPLICA).circuitBreakerRollback()).isFalse();
  }

  @Test
  void aStoredTaskBecomesAnObservedTaskWithItsDeploymentFromStartedBy() {
    Instant t = Fixtures.at(0);
    Task stored = Task.builder().taskArn(Fixtures.taskArn("t1")).startedBy("ecs-svc/9")
        .containerInstanceArn(Fixtures.instanceArn("a")).lastStatus("STOPPED").desiredStatus("STOPPED")
        .createdAt(t).startedAt(t.plusSeconds(1)).executionStoppedAt(t.plusSeconds(2))
        .stopCode(TaskStopCode.ESSENTIALCONTAINEREXITED).stoppedReason("Essential container in task exited").build();
    ObservedTask o = ObservedTask.from(stored);
    assertThat(o).isEqualTo(new ObservedTask(Fixtures.taskArn("t1"), "ecs-svc/9", Fixtures.instanceArn("a"),
        TaskStatus.STOPPED, DesiredStatus.STOPPED, HealthStatus.UNKNOWN, t, Optional.of(t.plusSeconds(1)),
        Optional.of(t.plusSeconds(2)), Optional.of(TaskStopCode.ESSENTIALCONTAINEREXITED),
        Optional.of("Essential container in task exited")));
    assertThat(o.taskId()).isEqualTo("t1");
  }

  @Test
  void schedulerStateReadFromJsonWithMissingMembersIsEmpty() {
    assertThat(new SchedulerState(null, null, null, null)).isEqualTo(SchedulerState.INITIAL);
  }
}
