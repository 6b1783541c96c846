package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.ServiceFixture.ARN_PREFIX;
import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.gantry.model.Attribute;
import dev.gantry.model.AvailabilityZoneRebalancing;
import dev.gantry.model.CreateServiceRequest;
import dev.gantry.model.DeleteClusterRequest;
import dev.gantry.model.DeleteServiceRequest;
import dev.gantry.model.DeleteServiceResponse;
import dev.gantry.model.Deployment;
import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.DeregisterTaskDefinitionRequest;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.DescribeClustersResponse;
import dev.gantry.model.LaunchType;
import dev.gantry.model.LoadBalancer;
import dev.gantry.model.PlacementConstraint;
import dev.gantry.model.PlacementConstraintType;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.PlacementStrategyType;
import dev.gantry.model.PropagateTags;
import dev.gantry.model.PutAttributesRequest;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceDeploymentStatus;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CreateService, UpdateService and DeleteService called as the protocol layer calls them, over an in-memory store. */
class ServiceWriteHandlersTest {
  private final ServiceFixture s = new ServiceFixture();

  @Test
  void createsAReplicaServiceWithItsPrimaryDeploymentItsRolloutAndAFirstEvent() {
    Service web = s.create(b -> b.serviceName("web").desiredCount(3).tags(List.of(new Tag("team", "core"))));

    assertThat(web.serviceArn()).isEqualTo(ARN_PREFIX + "service/prod/web");
    assertThat(web.clusterArn()).isEqualTo(ARN_PREFIX + "cluster/prod");
    assertThat(web.status()).isEqualTo("ACTIVE");
    assertThat(web.taskDefinition()).isEqualTo(s.web1);
    assertThat(List.of(web.desiredCount(), web.runningCount(), web.pendingCount())).containsExactly(3, 0, 0);
    assertThat(web.launchType()).isEqualTo(LaunchType.EC2);
    assertThat(web.schedulingStrategy()).isEqualTo(SchedulingStrategy.REPLICA);
    assertThat(web.deploymentConfiguration().minimumHealthyPercent()).isEqualTo(100);
    assertThat(web.deploymentConfiguration().maximumPercent()).isEqualTo(200);
    assertThat(web.deploymentConfiguration().deploymentCircuitBreaker()).isEqualTo(
        new DeploymentCircuitBreaker(false, false));
    assertThat(web.propagateTags()).isEqualTo(PropagateTags.NONE);
    assertThat(web.enableECSManagedTags()).isFalse();
    assertThat(web.healthCheckGracePeriodSeconds()).isZero();
    assertThat(web.availabilityZoneRebalancing()).isEqualTo(AvailabilityZoneRebalancing.ENABLED);
    assertThat(web.createdBy()).isEqualTo("arn:aws:iam::123456789012:root");
    assertThat(web.createdAt()).isEqualTo(ClusterOpsFixture.NOW);
    assertThat(web.tags()).containsExactly(new Tag("team", "core"));

    Deployment primary = web.deployments().getFirst();
    assertThat(web.deployments()).hasSize(1);
    assertThat(primary.id()).matches("ecs-svc/\\d{19}");
    assertThat(primary.status()).isEqualTo("PRIMARY");
    assertThat(primary.taskDefinition()).isEqualTo(s.web1);
    assertThat(primary.rolloutState()).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
    assertThat(List.of(primary.desiredCount(), primary.runningCount(), primary.pendingCount(), primary.failedTasks()))
        .containsExactly(3, 0, 0, 0);
    assertThat(web.events()).singleElement().satisfies(e -> assertThat(e.message())
        .isEqualTo("(service web) (deployment " + primary.id() + ") deployment started with task definition web:1."));
    assertThat(web.currentServiceDeployment()).startsWith(ARN_PREFIX + "service-deployment/prod/web/");
    assertThat(web.currentServiceRevisions()).singleElement().satisfies(r -> assertThat(r.arn())
        .isEqualTo(ARN_PREFIX + "service-revision/prod/web/" + primary.id().substring("ecs-svc/".length())));

    assertThat(s.stored("web").serviceDeployments()).singleElement().satisfies(d -> {
      assertThat(d.serviceDeploymentArn()).isEqualTo(web.currentServiceDeployment());
      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.IN_PROGRESS);
    });
  }

  @Test
  void aFamilyNamesItsLatestActiveRevision() {
    String web2 = s.f.registerFamily("web", 20, 20, 0);
    String web3 = s.f.registerFamily("web", 30, 30, 0);
    s.call("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest.builder().taskDefinition(web3).build());

    assertThat(s.create("web", 1).taskDefinition()).isEqualTo(web2);
    assertThat(ecsError(ErrorType.ClientException, () -> s.create(b -> b.serviceName("old").desiredCount(1)
        .taskDefinition("web:3"))).getMessage()).contains("INACTIVE");
  }

  @Test
  void aMissingOrDeletedClusterIsClusterNotFound() {
    ecsError(ErrorType.ClusterNotFoundException, () -> s.create(b -> b.serviceName("web").desiredCount(1)
        .cluster("nowhere")));
    s.call("CreateCluster", dev.gantry.model.CreateClusterRequest.builder().clusterName("gone").build());
    s.call("DeleteCluster", DeleteClusterRequest.builder().cluster("gone").build());

    assertThat(ecsError(ErrorType.ClusterNotFoundException, () -> s.create(b -> b.serviceName("web").desiredCount(1)
        .cluster("gone"))).getMessage()).contains("gone");
  }

  @Test
  void aTakenNameIsNotIdempotentAsEcsSays() {
    s.create("web", 1);

    String message = ecsError(ErrorType.InvalidParameterException, () -> s.create("web", 2)).getMessage();

    assertThat(message).startsWith("Creation of service was not idempotent.").contains("'web'", "UpdateService");
  }

  @Test
  void aRetryWithTheSameClientTokenReturnsTheServiceItCreated() {
    Service first = s.create(b -> b.serviceName("web").desiredCount(2).clientToken("token-1"));
    long revision = s.modRevision("web");

    Service again = s.create(b -> b.serviceName("web").desiredCount(2).clientToken("token-1"));

    assertThat(again.deployments()).extracting(Deployment::id).isEqualTo(first.deployments().stream()
        .map(Deployment::id).toList());
    assertThat(s.modRevision("web")).isEqualTo(revision);
    ecsError(ErrorType.InvalidParameterException, () -> s.create(b -> b.serviceName("web").desiredCount(3)
        .clientToken("token-1")));
    ecsError(ErrorType.InvalidParameterException, () -> s.create(b -> b.serviceName("web").desiredCount(2)
        .clientToken("token-2")));
  }

  @Test
  void aDaemonServiceCountsTheActiveInstancesThatMeetItsConstraints() {
    s.call("PutAttributes", PutAttributesRequest.builder().cluster(CLUSTER).attributes(List.of(Attribute.builder()
        .name("role").value("edge").targetId(s.hostB.containerInstanceArn()).build())).build());

    Service everywhere = s.create(b -> b.serviceName("logs").schedulingStrategy(SchedulingStrategy.DAEMON));
    Service edgeOnly = s.create(b -> b.serviceName("proxy").schedulingStrategy(SchedulingStrategy.DAEMON)
        .placementConstraints(List.of(PlacementConstraint.builder().type(PlacementConstraintType.MEMBEROF)
            .expression("attribute:role == edge").build())));

    assertThat(everywhere.desiredCount()).isEqualTo(2);
    assertThat(edgeOnly.desiredCount()).isEqualTo(1);
    assertThat(everywhere.deploymentConfiguration().minimumHealthyPercent()).isZero();
    assertThat(everywhere.deploymentConfiguration().maximumPercent()).isEqualTo(100);
    assertThat(everywhere.availabilityZoneRebalancing()).isEqualTo(AvailabilityZoneRebalancing.DISABLED);
  }

  static Stream<Arguments> refusedCreations() {
    return Stream.of(
        Arguments.of("a DAEMON service with a desired count", ErrorType.InvalidParameterException, "DAEMON",
            (Edit) b -> b.schedulingStrategy(SchedulingStrategy.DAEMON).desiredCount(2)),
        Arguments.of("a DAEMON service with a placement strategy", ErrorType.InvalidParameterException,
            "placementStrategy", (Edit) b -> b.schedulingStrategy(SchedulingStrategy.DAEMON).desiredCount(null)
                .placementStrategy(List.of(PlacementStrategy.builder().type(PlacementStrategyType.BINPACK)
                    .field("memory").build()))),
        Arguments.of("FARGATE", ErrorType.InvalidParameterException, "FARGATE",
            (Edit) b -> b.launchType(LaunchType.FARGATE)),
        Arguments.of("a load balancer", ErrorType.UnsupportedFeatureException, "loadBalancers",
            (Edit) b -> b.loadBalancers(List.of(LoadBalancer.builder().containerName("app").containerPort(80)
                .build()))),
        Arguments.of("a memberOf that does not parse", ErrorType.InvalidParameterException,
            "placementConstraints[0].expression", (Edit) b -> b.placementConstraints(List.of(PlacementConstraint
                .builder().type(PlacementConstraintType.MEMBEROF).expression("attribute:role ==").build()))),
        Arguments.of("a spread on nothing", ErrorType.InvalidParameterException, "placementStrategy[0].field",
            (Edit) b -> b.placementStrategy(List.of(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD)
                .field("").build()))),
        Arguments.of("a bad name", ErrorType.InvalidParameterException, "serviceName 'web app'",
            (Edit) b -> b.serviceName("web app")),
        Arguments.of("no task definition", ErrorType.InvalidParameterException, "taskDefinition is required",
            (Edit) b -> b.taskDefinition(null)),
        Arguments.of("an unknown task definition", ErrorType.ClientException, "Unable to find task definition",
            (Edit) b -> b.taskDefinition("nope:1")),
        Arguments.of("a reserved tag", ErrorType.InvalidParameterException, "aws:",
            (Edit) b -> b.tags(List.of(new Tag("aws:owner", "me")))));
  }

  interface Edit {
    CreateServiceRequest.Builder apply(CreateServiceRequest.Builder b);
  }

  @ParameterizedTest(name = "refuses {0}")
  @MethodSource("refusedCreations")
  void refusesWhatEcsRefusesNamingTheMember(String what, ErrorType type, String says, Edit edit) {
    String message = ecsError(type, () -> s.create(b -> edit.apply(b.serviceName("web").desiredCount(1))))
        .getMessage();

    assertThat(message).contains(says);
    assertThat(Records.get(s.f.store, Keys.service(CLUSTER, "web"), StoredService.class)).isEmpty();
  }

  @Test
  void changingTheDesiredCountStartsNoDeployment() {
    Service before = s.create("web", 2);

    Service after = s.update(b -> b.service("web").desiredCount(5));

    assertThat(after.desiredCount()).isEqualTo(5);
    assertThat(after.deployments()).singleElement().satisfies(d -> {
      assertThat(d.id()).isEqualTo(before.deployments().getFirst().id());
      assertThat(d.desiredCount()).isEqualTo(5);
    });
    assertThat(s.stored("web").serviceDeployments()).singleElement()
        .satisfies(d -> assertThat(d.targetServiceRevision().requestedTaskCount()).isEqualTo(5));
  }

  @Test
  void aNewTaskDefinitionStartsANewPrimaryAndTheOldOneBecomesActive() {
    Service before = s.create("web", 2);
    String web2 = s.f.registerFamily("web", 20, 20, 0);

    Service after = s.update(b -> b.service("web").taskDefinition("web:2"));

    assertThat(after.taskDefinition()).isEqualTo(web2);
    assertThat(after.deployments()).extracting(Deployment::status, Deployment::taskDefinition).containsExactly(
        tuple("PRIMARY", web2), tuple("ACTIVE", s.web1));
    assertThat(after.deployments().get(1).id()).isEqualTo(before.deployments().getFirst().id());
    assertThat(after.events().getFirst().message()).contains(after.deployments().getFirst().id(), "web:2");
    List<ServiceDeployment> history = s.stored("web").serviceDeployments();
    assertThat(history).extracting(ServiceDeployment::status).containsExactly(ServiceDeploymentStatus.IN_PROGRESS,
        ServiceDeploymentStatus.STOPPED);
    assertThat(history.getFirst().serviceDeploymentArn()).isEqualTo(after.currentServiceDeployment());
    assertThat(history.getFirst().sourceServiceRevisions()).singleElement().satisfies(r -> assertThat(r.arn())
        .endsWith(before.deployments().getFirst().id().substring("ecs-svc/".length())));
  }

  @Test
  void forceNewDeploymentRedeploysTheSameTaskDefinition() {
    s.create("web", 1);

    Service after = s.update(b -> b.service("web").forceNewDeployment(true));

    assertThat(after.deployments()).extracting(Deployment::status, Deployment::taskDefinition).containsExactly(
        tuple("PRIMARY", s.web1), tuple("ACTIVE", s.web1));
  }

  @Test
  void anUpdateThatChangesNothingWritesNothing() {
    s.create("web", 2);
    long revision = s.modRevision("web");

    s.update(b -> b.service("web").desiredCount(2).taskDefinition(s.web1));

    assertThat(s.modRevision("web")).isEqualTo(revision);
  }

  @Test
  void anUpdateKeepsWhatItDoesNotGive() {
    s.create(b -> b.serviceName("web").desiredCount(2).healthCheckGracePeriodSeconds(30)
        .placementStrategy(List.of(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD)
            .field("instanceId").build())));

    Service after = s.update(b -> b.service("web").deploymentConfiguration(DeploymentConfiguration.builder()
        .maximumPercent(100).minimumHealthyPercent(0).build()));

    assertThat(after.healthCheckGracePeriodSeconds()).isEqualTo(30);
    assertThat(after.placementStrategy()).hasSize(1);
    assertThat(after.deploymentConfiguration().maximumPercent()).isEqualTo(100);
    assertThat(after.deploymentConfiguration().minimumHealthyPercent()).isZero();
    assertThat(after.deploymentConfiguration().deploymentCircuitBreaker()).isNotNull();
  }

  @Test
  void updatingAMissingOrDeletedServiceFailsAsInEcs() {
    ecsError(ErrorType.ServiceNotFoundException, () -> s.update(b -> b.service("nope").desiredCount(1)));
    s.create("web", 0);
    s.call("DeleteService", DeleteServiceRequest.builder().cluster(CLUSTER).service("web").build());

    assertThat(ecsError(ErrorType.ServiceNotActiveException, () -> s.update(b -> b.service("web").desiredCount(1)))
        .getMessage()).contains("INACTIVE");
  }

  @Test
  void aDaemonServiceTakesNoDesiredCount() {
    s.create(b -> b.serviceName("logs").schedulingStrategy(SchedulingStrategy.DAEMON));

    ecsError(ErrorType.InvalidParameterException, () -> s.update(b -> b.service("logs").desiredCount(3)));
  }

  @Test
  void anUpdateRacingAnotherWriterOfTheServiceKeepsBothChanges() {
    InterferingStore store = new InterferingStore();
    ServiceFixture racing = new ServiceFixture(store);
    racing.create("web", 1);
    store.beforeNextTxn(() -> {
      StoredService current = racing.stored("web");
      racing.f.put(Keys.service(CLUSTER, "web"), current.with(current.service().toBuilder()
          .events(ServiceEvents.add(current.service().events(), List.of(ServiceEvents.steadyState("web")),
              ClusterOpsFixture.NOW, new java.util.Random(1))).build()));
    });

    Service after = racing.update(b -> b.service("web").desiredCount(4));

    assertThat(after.desiredCount()).isEqualTo(4);
    assertThat(after.events().getFirst().message()).isEqualTo("(service web) has reached a steady state.");
  }

  @Test
  void ofTwoCreatesOfOneNameThatRaceOneWinsAndTheOtherIsNotIdempotent() {
    InterferingStore store = new InterferingStore();
    ServiceFixture racing = new ServiceFixture(store);
    store.beforeNextTxn(() -> racing.create("web", 1));

    ecsError(ErrorType.InvalidParameterException, () -> racing.create("web", 2));

    assertThat(racing.describe("web").desiredCount()).isEqualTo(1);
    assertThat(racing.stored("web").serviceDeployments()).hasSize(1);
  }

  @Test
  void deletingAServiceStillScaledAboveZeroNeedsForce() {
    s.create("web", 2);

    assertThat(ecsError(ErrorType.InvalidParameterException, () -> s.call("DeleteService", DeleteServiceRequest
        .builder().cluster(CLUSTER).service("web").build())).getMessage())
        .startsWith("The service cannot be stopped while it is scaled above 0.").contains("force");
  }

  @Test
  void aServiceWithoutTasksIsInactiveAtOnceAndItsNameFreeAgain() {
    Service old = s.create("web", 0);

    DeleteServiceResponse r = s.call("DeleteService", DeleteServiceRequest.builder().cluster(CLUSTER).service("web")
        .build());
    Service reborn = s.create("web", 1);

    assertThat(r.service().status()).isEqualTo("INACTIVE");
    assertThat(s.stored("web").serviceDeployments()).hasSize(1);
    assertThat(reborn.status()).isEqualTo("ACTIVE");
    assertThat(reborn.deployments().getFirst().id()).isNotEqualTo(old.deployments().getFirst().id());
  }

  @Test
  void aServiceWithTasksDrainsAndItsNameStaysTakenUntilItIsInactive() {
    Service web = s.create("web", 2);
    Task task = s.serviceTask("web", web.deployments().getFirst().id());
    s.reportStatus(task, "RUNNING");

    DeleteServiceResponse r = s.call("DeleteService", DeleteServiceRequest.builder().cluster(CLUSTER)
        .service(web.serviceArn()).force(true).build());

    assertThat(r.service().status()).isEqualTo("DRAINING");
    assertThat(r.service().desiredCount()).isZero();
    assertThat(r.service().runningCount()).isEqualTo(1);
    assertThat(r.service().deployments()).allSatisfy(d -> assertThat(d.desiredCount()).isZero());
    assertThat(s.stored("web").serviceDeployments()).extracting(ServiceDeployment::status)
        .containsExactly(ServiceDeploymentStatus.STOPPED);
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> s.create("web", 1)).getMessage())
        .contains("DRAINING");
    assertThat(ecsError(ErrorType.ServiceNotFoundException, () -> s.call("DeleteService", DeleteServiceRequest
        .builder().cluster(CLUSTER).service("web").force(true).build())).getMessage()).contains("DRAINING");
    DescribeClustersResponse clusters = s.call("DescribeClusters", DescribeClustersRequest.builder()
        .clusters(List.of(CLUSTER)).build());
    assertThat(clusters.clusters().getFirst().activeServicesCount()).isZero();
  }
}
