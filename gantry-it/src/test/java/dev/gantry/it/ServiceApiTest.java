package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UnsupportedFeatureException;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/**
 * The service operations through the real AWS SDK for Java v2 against a real server (every
 * response validated against the ECS model): create, describe, update, delete, the listings,
 * the service deployments, the waiters, and the errors ECS gives. No scheduler runs here, so
 * services keep desiredCount 0 where a waiter has to see them stable.
 */
class ServiceApiTest extends ApiTestBase {
  @BeforeAll
  void registerTaskDefinitions() {
    ecs.registerTaskDefinition(Examples.registerRequest("web-linux.json"));
    ecs.registerTaskDefinition(Examples.registerRequest("web-linux.json"));
  }

  /** Each test works in a cluster of its own. */
  private String cluster(String name) {
    ecs.createCluster(r -> r.clusterName(name));
    return name;
  }

  private Service create(String cluster, String name, int desiredCount) {
    return ecs.createService(r -> r.cluster(cluster).serviceName(name).taskDefinition("web:1")
        .desiredCount(desiredCount)).service();
  }

  private Service describe(String cluster, String name) {
    return ecs.describeServices(r -> r.cluster(cluster).services(name)).services().getFirst();
  }

  @Test
  void aServiceIsCreatedDescribedAndStableWithNothingToRun() {
    String cluster = cluster("svc-basic");
    Service created = ecs.createService(r -> r.cluster(cluster).serviceName("web").taskDefinition("web")
        .desiredCount(0).tags(Tag.builder().key("team").value("core").build())).service();

    assertThat(created.serviceArn()).isEqualTo(arn("service", cluster + "/web"));
    assertThat(created.taskDefinition()).isEqualTo(arn("task-definition", "web:2"));
    assertThat(created.status()).isEqualTo("ACTIVE");
    assertThat(created.deployments()).singleElement().satisfies(d -> {
      assertThat(d.status()).isEqualTo("PRIMARY");
      assertThat(d.id()).matches("ecs-svc/\\d{19}");
      assertThat(d.rolloutState()).isEqualTo(DeploymentRolloutState.IN_PROGRESS);
    });
    assertThat(created.events()).singleElement().satisfies(e -> assertThat(e.message()).startsWith("(service web)"));

    WaiterResponse<DescribeServicesResponse> stable = ecs.waiter().waitUntilServicesStable(r -> r.cluster(cluster)
        .services("web"));
    assertThat(stable.matched().response()).hasValueSatisfying(r -> assertThat(r.services()).singleElement()
        .satisfies(s -> assertThat(s.runningCount()).isZero()));
    Service tagged = ecs.describeServices(r -> r.cluster(cluster).services(created.serviceArn())
        .include(ServiceField.TAGS)).services().getFirst();
    assertThat(tagged.tags()).containsExactly(Tag.builder().key("team").value("core").build());
    assertThat(ecs.listTagsForResource(r -> r.resourceArn(created.serviceArn())).tags()).hasSize(1);
  }

  @Test
  void anUpdateWithANewTaskDefinitionStartsANewDeploymentAndRecordsIt() {
    String cluster = cluster("svc-update");
    Service before = create(cluster, "web", 0);

    Service after = ecs.updateService(r -> r.cluster(cluster).service("web").taskDefinition("web:2")
        .desiredCount(0)).service();

    assertThat(after.deployments()).extracting(d -> d.status() + " " + d.taskDefinition()).containsExactly(
        "PRIMARY " + arn("task-definition", "web:2"), "ACTIVE " + arn("task-definition", "web:1"));
    assertThat(after.deployments().get(1).id()).isEqualTo(before.deployments().getFirst().id());
    List<ServiceDeploymentBrief> listed = ecs.listServiceDeployments(r -> r.cluster(cluster).service("web"))
        .serviceDeployments();
    // with no tasks to run the scheduler may finish either deployment at any moment: the new one
    // is in progress or already SUCCESSFUL; the old one was cut short (STOPPED) or had finished
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).status()).isIn(ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.SUCCESSFUL);
    assertThat(listed.get(1).status()).isIn(ServiceDeploymentStatus.STOPPED, ServiceDeploymentStatus.SUCCESSFUL);
    assertThat(listed.getFirst().targetServiceRevisionArn())
        .endsWith(after.deployments().getFirst().id().substring("ecs-svc/".length()));
    String current = listed.getFirst().serviceDeploymentArn();
    List<ServiceDeployment> described = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(
        current, arn("service-deployment", cluster + "/web/nothingHere0000000000"))).serviceDeployments();
    assertThat(described).singleElement().satisfies(d -> {
      assertThat(d.serviceDeploymentArn()).isEqualTo(current);
      assertThat(d.status()).isIn(ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.SUCCESSFUL);
      assertThat(d.sourceServiceRevisions()).hasSize(1);
    });
  }

  @Test
  void aDeletedServiceIsInactiveHiddenFromListingsAndItsNameReusable() {
    String cluster = cluster("svc-delete");
    create(cluster, "web", 0);
    create(cluster, "api", 0);

    Service deleted = ecs.deleteService(r -> r.cluster(cluster).service("web")).service();

    assertThat(deleted.status()).isEqualTo("INACTIVE");
    ecs.waiter().waitUntilServicesInactive(r -> r.cluster(cluster).services("web"));
    assertThat(ecs.listServices(r -> r.cluster(cluster)).serviceArns()).containsExactly(arn("service",
        cluster + "/api"));
    assertThat(describe(cluster, "web").status()).isEqualTo("INACTIVE");
    assertThatThrownBy(() -> ecs.updateService(r -> r.cluster(cluster).service("web").desiredCount(1)))
        .isInstanceOf(ServiceNotActiveException.class);
    assertThat(create(cluster, "web", 0).status()).isEqualTo("ACTIVE");
  }

  @Test
  void aScaledUpServiceNeedsForceToBeDeleted() {
    String cluster = cluster("svc-force");
    create(cluster, "web", 2);

    assertThatThrownBy(() -> ecs.deleteService(r -> r.cluster(cluster).service("web")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("scaled above 0");
    assertThat(ecs.deleteService(r -> r.cluster(cluster).service("web").force(true)).service().status())
        .isEqualTo("INACTIVE");
  }

  @Test
  void listServicesPagesAndFilters() {
    String cluster = cluster("svc-list");
    for (int i = 0; i < 12; i++) {
      create(cluster, "svc-" + i, 0);
    }
    ecs.createService(r -> r.cluster(cluster).serviceName("edge").taskDefinition("web:1").desiredCount(0)
        .launchType(LaunchType.EXTERNAL));

    List<String> all = new ArrayList<>();
    ecs.listServicesPaginator(r -> r.cluster(cluster).maxResults(5)).serviceArns().forEach(all::add);

    assertThat(all).hasSize(13).doesNotHaveDuplicates();
    assertThat(ecs.listServices(r -> r.cluster(cluster)).serviceArns()).hasSize(10);
    assertThat(ecs.listServices(r -> r.cluster(cluster).launchType(LaunchType.EXTERNAL)).serviceArns())
        .containsExactly(arn("service", cluster + "/edge"));
    assertThat(ecs.listServices(r -> r.cluster(cluster).schedulingStrategy(SchedulingStrategy.DAEMON))
        .serviceArns()).isEmpty();
  }

  @Test
  void aDaemonServiceCountsTheInstancesThatQualify() {
    String cluster = cluster("svc-daemon");
    register(cluster, "i-2000000000000001", "edge");
    register(cluster, "i-2000000000000002", "core");
    register(cluster, "i-2000000000000003", "edge");

    Service daemon = ecs.createService(r -> r.cluster(cluster).serviceName("agent").taskDefinition("web:1")
        .schedulingStrategy(SchedulingStrategy.DAEMON).placementConstraints(PlacementConstraint.builder()
            .type(PlacementConstraintType.MEMBER_OF).expression("attribute:role == edge").build())).service();

    assertThat(daemon.desiredCount()).isEqualTo(2);
    assertThat(daemon.deploymentConfiguration().maximumPercent()).isEqualTo(100);
    assertThat(daemon.deploymentConfiguration().minimumHealthyPercent()).isZero();
  }

  private void register(String cluster, String instanceId, String role) {
    List<Attribute> attributes = new ArrayList<>(ecs.describeTaskDefinition(r -> r.taskDefinition("web:1"))
        .taskDefinition().requiresAttributes().stream()
        .map(a -> Attribute.builder().name(a.name()).value(a.value()).build()).toList());
    attributes.add(Attribute.builder().name("role").value(role).build());
    ecs.registerContainerInstance(r -> r.cluster(cluster)
        .instanceIdentityDocument("{\"instanceId\":\"" + instanceId
            + "\",\"availabilityZone\":\"us-east-1a\",\"instanceType\":\"m5.large\",\"region\":\"us-east-1\"}")
        .totalResources(Resources.cpuAndMemory(2048, 4096))
        .attributes(attributes)
        .versionInfo(VersionInfo.builder().agentVersion("0.1.0").dockerVersion("27.0.1").build()));
  }

  @Test
  void errorsAreTheOnesEcsGives() {
    String cluster = cluster("svc-errors");
    create(cluster, "web", 0);

    assertThatThrownBy(() -> create(cluster, "web", 0)).isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Creation of service was not idempotent.");
    assertThatThrownBy(() -> create("no-such-cluster", "web", 0)).isInstanceOf(ClusterNotFoundException.class);
    assertThatThrownBy(() -> ecs.updateService(r -> r.cluster(cluster).service("nope").desiredCount(1)))
        .isInstanceOf(ServiceNotFoundException.class);
    assertThatThrownBy(() -> ecs.listTasks(r -> r.cluster(cluster).serviceName("nope")))
        .isInstanceOf(ServiceNotFoundException.class);
    assertThatThrownBy(() -> ecs.createService(r -> r.cluster(cluster).serviceName("lb").taskDefinition("web:1")
        .desiredCount(1).loadBalancers(LoadBalancer.builder().containerName("web").containerPort(8080).build())))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("loadBalancers");
    assertThatThrownBy(() -> ecs.createService(CreateServiceRequest.builder().cluster(cluster).serviceName("f")
        .taskDefinition("web:1").desiredCount(1).launchType(LaunchType.FARGATE).build()))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("FARGATE");
    assertThat(ecs.describeServices(r -> r.cluster(cluster).services("web", "ghost")).failures())
        .singleElement().satisfies(f -> {
          assertThat(f.arn()).isEqualTo(arn("service", cluster + "/ghost"));
          assertThat(f.reason()).isEqualTo("MISSING");
        });
  }
}
