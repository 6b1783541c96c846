package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Deployment;
import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.LaunchType;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceDeploymentRollbackMonitorsStatus;
import dev.gantry.model.ServiceDeploymentStatus;
import dev.gantry.model.arn.ArnFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceDeploymentsTest {
  private static final ArnFormat ARNS = new ArnFormat("eu-west-1", "123456789012");
  private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
  private static final String TD = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3";

  @Test
  void deploymentIdsAreEcsSvcAndNineteenDigits() {
    Random random = new Random(5);
    for (int i = 0; i < 100; i++) {
      assertThat(ServiceDeployments.newDeploymentId(random)).matches("ecs-svc/[1-9][0-9]{18}");
    }
  }

  @Test
  void aDeploymentsRevisionAndItsServiceDeploymentAreFoundFromEachOther() {
    String revision = ServiceDeployments.revisionArn(ARNS, "prod", "web", "ecs-svc/1234567890123456789");
    String deployment = ServiceDeployments.deploymentArn(ARNS, "prod", "web", "AbCdEfGhIjKlMnOpQrStU");

    assertThat(revision).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/1234567890123456789");
    assertThat(ServiceDeployments.deploymentIdOfRevision(revision)).contains("ecs-svc/1234567890123456789");
    assertThat(ServiceDeployments.parseArn(deployment))
        .contains(new ServiceDeployments.DeploymentArn("prod", "web", "AbCdEfGhIjKlMnOpQrStU"));
    assertThat(ServiceDeployments.parseArn("arn:aws:ecs:eu-west-1:123456789012:service/prod/web")).isEmpty();
  }

  static Stream<Arguments> thresholds() {
    return Stream.of(Arguments.of(0, 3), Arguments.of(1, 3), Arguments.of(6, 3), Arguments.of(7, 4),
        Arguments.of(25, 13), Arguments.of(400, 200), Arguments.of(800, 200));
  }

  @ParameterizedTest(name = "desired {0}: threshold {1}")
  @MethodSource("thresholds")
  void theCircuitBreakerThresholdIsHalfTheDesiredCountWithinThreeAndTwoHundred(int desired, int threshold) {
    assertThat(ServiceDeployments.failureThreshold(desired)).isEqualTo(threshold);
  }

  @Test
  void aNewPrimaryDeploymentIsInProgressWithNothingStarted() {
    Deployment d = ServiceDeployments.primary("ecs-svc/1234567890123456789", TD, 4, LaunchType.EC2, null, NOW);

    assertThat(d.status()).isEqualTo("PRIMARY");
    assertThat(d.rolloutState()).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
    assertThat(d.rolloutStateReason()).isEqualTo("ECS deployment ecs-svc/1234567890123456789 in progress.");
    assertThat(List.of(d.runningCount(), d.pendingCount(), d.failedTasks())).containsOnly(0);
    assertThat(d.desiredCount()).isEqualTo(4);
  }

  @Test
  void theFormerPrimaryBecomesActiveAndInactiveOnesAreDropped() {
    Deployment old = ServiceDeployments.primary("ecs-svc/1000000000000000001", TD, 2, LaunchType.EC2, null, NOW);
    Deployment older = old.toBuilder().id("ecs-svc/1000000000000000000").status("ACTIVE").build();
    Deployment gone = old.toBuilder().id("ecs-svc/1000000000000000009").status("INACTIVE").build();
    Deployment next = ServiceDeployments.primary("ecs-svc/2000000000000000000", TD, 2, LaunchType.EC2, null, NOW);

    List<Deployment> after = ServiceDeployments.replacePrimary(List.of(old, older, gone), next, NOW);

    assertThat(after).extracting(Deployment::id, Deployment::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ecs-svc/2000000000000000000", "PRIMARY"),
        org.assertj.core.groups.Tuple.tuple("ecs-svc/1000000000000000001", "ACTIVE"),
        org.assertj.core.groups.Tuple.tuple("ecs-svc/1000000000000000000", "ACTIVE"));
  }

  @Test
  void aServiceDeploymentTargetsTheNewRevisionFromTheOthers() {
    Deployment old = ServiceDeployments.primary("ecs-svc/1000000000000000001", TD, 2, LaunchType.EC2, null, NOW);
    Deployment next = ServiceDeployments.primary("ecs-svc/2000000000000000000", TD, 5, LaunchType.EC2, null, NOW);
    var config = ServiceRules.defaults(SchedulingStrategy.REPLICA).toBuilder()
        .deploymentCircuitBreaker(new DeploymentCircuitBreaker(true, true)).build();

    ServiceDeployment sd = ServiceDeployments.started(ARNS, "prod", "web", "AbCdEfGhIjKlMnOpQrStU", next,
        ServiceDeployments.replacePrimary(List.of(old), next, NOW), config, NOW);

    assertThat(sd.status()).isEqualTo(ServiceDeploymentStatus.IN_PROGRESS);
    assertThat(sd.targetServiceRevision().arn()).endsWith("service-revision/prod/web/2000000000000000000");
    assertThat(sd.targetServiceRevision().requestedTaskCount()).isEqualTo(5);
    assertThat(sd.sourceServiceRevisions()).singleElement()
        .satisfies(r -> assertThat(r.arn()).endsWith("/1000000000000000001"));
    assertThat(sd.deploymentCircuitBreaker().status()).isEqualTo(ServiceDeploymentRollbackMonitorsStatus.MONITORING);
    assertThat(sd.deploymentCircuitBreaker().threshold()).isEqualTo(3);
  }

  @Test
  void aNewServiceDeploymentStopsTheOnesStillInProgress() {
    ServiceDeployment done = deployment("a", ServiceDeploymentStatus.SUCCESSFUL, 1);
    ServiceDeployment running = deployment("b", ServiceDeploymentStatus.IN_PROGRESS, 2);
    ServiceDeployment newest = deployment("c", ServiceDeploymentStatus.IN_PROGRESS, 3);

    List<ServiceDeployment> history = ServiceDeployments.push(List.of(running, done), newest, NOW);

    assertThat(history).extracting(ServiceDeployment::status).containsExactly(ServiceDeploymentStatus.IN_PROGRESS,
        ServiceDeploymentStatus.STOPPED, ServiceDeploymentStatus.SUCCESSFUL);
    assertThat(history.get(1).stoppedAt()).isEqualTo(NOW);
    assertThat(history.get(1).statusReason()).contains(newest.serviceDeploymentArn());
  }

  @Property
  void theHistoryIsBoundedAndKeepsTheNewest(@ForAll @IntRange(min = 0, max = 250) int finished) {
    List<ServiceDeployment> history = new ArrayList<>();
    for (int i = 0; i < finished; i++) {
      history = ServiceDeployments.push(history, deployment("d" + i, ServiceDeploymentStatus.SUCCESSFUL, i), NOW);
    }

    assertThat(history).hasSize(Math.min(finished, ServiceDeployments.MAX_HISTORY));
    if (finished > 0) {
      assertThat(history.getFirst().serviceDeploymentArn()).endsWith("/d" + (finished - 1));
    }
    for (int i = 1; i < history.size(); i++) {
      assertThat(history.get(i - 1).createdAt()).isAfter(history.get(i).createdAt());
    }
  }

  private static ServiceDeployment deployment(String id, ServiceDeploymentStatus status, int second) {
    return ServiceDeployment.builder().serviceDeploymentArn(ServiceDeployments.deploymentArn(ARNS, "prod", "web", id))
        .status(status).createdAt(NOW.plusSeconds(second)).build();
  }

  @Test
  void familyRevisionIsTheShortFormOfATaskDefinitionArn() {
    assertThat(ServiceDeployments.familyRevision(TD)).isEqualTo("web:3");
    assertThat(Stream.of("not-an-arn").map(ServiceDeployments::familyRevision)).containsExactly("not-an-arn");
  }
}
