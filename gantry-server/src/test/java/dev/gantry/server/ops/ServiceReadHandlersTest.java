package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.ServiceFixture.ARN_PREFIX;
import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.CreatedAt;
import dev.gantry.model.DeleteServiceRequest;
import dev.gantry.model.DescribeServiceDeploymentsRequest;
import dev.gantry.model.DescribeServiceDeploymentsResponse;
import dev.gantry.model.DescribeServicesRequest;
import dev.gantry.model.DescribeServicesResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.LaunchType;
import dev.gantry.model.ListServiceDeploymentsRequest;
import dev.gantry.model.ListServiceDeploymentsResponse;
import dev.gantry.model.ListServicesRequest;
import dev.gantry.model.ListServicesResponse;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceDeploymentBrief;
import dev.gantry.model.ServiceDeploymentStatus;
import dev.gantry.model.ServiceField;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.server.api.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** DescribeServices, ListServices, ListServiceDeployments and DescribeServiceDeployments over an in-memory store. */
class ServiceReadHandlersTest {
  private final ServiceFixture s = new ServiceFixture();

  @Test
  void describeFindsServicesByNameAndArnAndReportsTheMissingOnes() {
    Service web = s.create("web", 1);

    DescribeServicesResponse r = s.call("DescribeServices", DescribeServicesRequest.builder().cluster(CLUSTER)
        .services(List.of("web", web.serviceArn(), "nope", ARN_PREFIX + "service/other/web")).build());

    assertThat(r.services()).extracting(Service::serviceArn).containsExactly(web.serviceArn());
    assertThat(r.services().getFirst().tags()).isNull();
    assertThat(r.failures()).containsExactly(
        Failure.builder().arn(ARN_PREFIX + "service/prod/nope").reason("MISSING").build(),
        Failure.builder().arn(ARN_PREFIX + "service/other/web").reason("MISSING").build());
  }

  @Test
  void describeShowsTagsWhenAskedTo() {
    s.create(b -> b.serviceName("web").desiredCount(1).tags(List.of(new Tag("team", "core"))));

    DescribeServicesResponse r = s.call("DescribeServices", DescribeServicesRequest.builder().cluster(CLUSTER)
        .services(List.of("web")).include(List.of(ServiceField.TAGS)).build());

    assertThat(r.services().getFirst().tags()).containsExactly(new Tag("team", "core"));
  }

  @Test
  void describeNeedsOneToTenServices() {
    ecsError(ErrorType.InvalidParameterException, () -> s.call("DescribeServices", DescribeServicesRequest.builder()
        .cluster(CLUSTER).services(List.of()).build()));
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> s.call("DescribeServices",
        DescribeServicesRequest.builder().cluster(CLUSTER).services(IntStream.range(0, 11).mapToObj(i -> "s" + i)
            .toList()).build())).getMessage()).contains("1 to 10");
  }

  @Test
  void countsComeFromTheTasksOfEachDeployment() {
    Service web = s.create("web", 3);
    String first = web.deployments().getFirst().id();
    s.reportStatus(s.serviceTask("web", first), "RUNNING");
    s.serviceTask("web", first);
    Service updated = s.update(b -> b.service("web").forceNewDeployment(true));
    String second = updated.deployments().getFirst().id();
    Task stopped = s.serviceTask("web", second);
    s.reportStatus(s.serviceTask("web", second), "RUNNING");
    s.reportStatus(stopped, "STOPPED");

    Service described = s.describe("web");

    assertThat(described.runningCount()).isEqualTo(2);
    assertThat(described.pendingCount()).isEqualTo(1);
    assertThat(described.deployments()).extracting(d -> d.id() + " " + d.runningCount() + "/" + d.pendingCount())
        .containsExactly(second + " 1/0", first + " 1/1");
    assertThat(described.currentServiceRevisions()).extracting(r -> r.runningTaskCount() + "/" + r.pendingTaskCount())
        .containsExactly("1/0", "1/1");
  }

  @Test
  void deletedServicesStayDescribableButAreNotListed() {
    s.create("web", 0);
    s.create("api", 1);
    s.call("DeleteService", DeleteServiceRequest.builder().cluster(CLUSTER).service("web").build());

    ListServicesResponse list = s.call("ListServices", ListServicesRequest.builder().cluster(CLUSTER).build());

    assertThat(list.serviceArns()).containsExactly(ARN_PREFIX + "service/prod/api");
    assertThat(s.describe("web").status()).isEqualTo("INACTIVE");
  }

  @Test
  void listFiltersByLaunchTypeAndSchedulingStrategy() {
    s.create("web", 1);
    s.create(b -> b.serviceName("edge").desiredCount(1).launchType(LaunchType.EXTERNAL));
    s.create(b -> b.serviceName("logs").schedulingStrategy(SchedulingStrategy.DAEMON));

    assertThat(listArns(ListServicesRequest.builder().launchType(LaunchType.EXTERNAL))).containsExactly(
        ARN_PREFIX + "service/prod/edge");
    assertThat(listArns(ListServicesRequest.builder().schedulingStrategy(SchedulingStrategy.DAEMON)))
        .containsExactly(ARN_PREFIX + "service/prod/logs");
    assertThat(listArns(ListServicesRequest.builder().launchType(LaunchType.EC2)
        .schedulingStrategy(SchedulingStrategy.REPLICA))).containsExactly(ARN_PREFIX + "service/prod/web");
  }

  private List<String> listArns(ListServicesRequest.Builder request) {
    ListServicesResponse r = s.call("ListServices", request.cluster(CLUSTER).build());
    return r.serviceArns();
  }

  @Test
  void listPagesTenAtATimeByDefaultAndEveryServiceOnce() {
    for (int i = 0; i < 23; i++) {
      s.create("svc-" + (char) ('a' + i), 0);
    }
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      ListServicesResponse r = s.call("ListServices", ListServicesRequest.builder().cluster(CLUSTER).nextToken(token)
          .build());
      seen.addAll(r.serviceArns());
      pageSizes.add(r.serviceArns().size());
      token = r.nextToken();
    } while (token != null);

    assertThat(pageSizes).containsExactly(10, 10, 3);
    assertThat(seen).doesNotHaveDuplicates().hasSize(23);
    ListServicesResponse big = s.call("ListServices", ListServicesRequest.builder().cluster(CLUSTER).maxResults(100)
        .build());
    assertThat(big.serviceArns()).hasSize(23);
    assertThat(big.nextToken()).isNull();
    ecsError(ErrorType.InvalidParameterException, () -> s.call("ListServices", ListServicesRequest.builder()
        .cluster(CLUSTER).maxResults(101).build()));
    ecsError(ErrorType.InvalidParameterException, () -> s.call("ListServices", ListServicesRequest.builder()
        .cluster(CLUSTER).nextToken("garbage").build()));
  }

  @Test
  void readsOfAMissingClusterAreClusterNotFound() {
    ecsError(ErrorType.ClusterNotFoundException, () -> s.call("ListServices", ListServicesRequest.builder()
        .cluster("nowhere").build()));
    ecsError(ErrorType.ClusterNotFoundException, () -> s.call("DescribeServices", DescribeServicesRequest.builder()
        .cluster("nowhere").services(List.of("web")).build()));
  }

  /** Four deployments, one minute apart: the creation and three forced redeployments. */
  private List<String> fourDeployments() {
    s.create("web", 1);
    for (int i = 1; i <= 3; i++) {
      s.f.now = s.f.now.plusSeconds(60);
      s.update(b -> b.service("web").forceNewDeployment(true));
    }
    return s.stored("web").serviceDeployments().stream().map(ServiceDeployment::serviceDeploymentArn).toList();
  }

  @Test
  void listServiceDeploymentsGivesTheNewestFirstInPages() {
    List<String> arns = fourDeployments();
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ListServiceDeploymentsResponse r = s.call("ListServiceDeployments", ListServiceDeploymentsRequest.builder()
          .cluster(CLUSTER).service("web").maxResults(3).nextToken(token).build());
      r.serviceDeployments().forEach(d -> seen.add(d.serviceDeploymentArn()));
      token = r.nextToken();
    } while (token != null);

    assertThat(seen).containsExactlyElementsOf(arns);
    ListServiceDeploymentsResponse all = s.call("ListServiceDeployments", ListServiceDeploymentsRequest.builder()
        .cluster(CLUSTER).service("web").build());
    assertThat(all.serviceDeployments()).extracting(ServiceDeploymentBrief::status).containsExactly(
        ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.STOPPED, ServiceDeploymentStatus.STOPPED,
        ServiceDeploymentStatus.STOPPED);
    assertThat(all.serviceDeployments().getFirst().targetServiceRevisionArn())
        .startsWith(ARN_PREFIX + "service-revision/prod/web/");
  }

  @Test
  void listServiceDeploymentsFiltersByStatusAndCreationTime() {
    List<String> arns = fourDeployments();
    var start = ClusterOpsFixture.NOW;

    ListServiceDeploymentsResponse stopped = s.call("ListServiceDeployments", ListServiceDeploymentsRequest.builder()
        .cluster(CLUSTER).service("web").status(List.of(ServiceDeploymentStatus.STOPPED)).build());
    ListServiceDeploymentsResponse middle = s.call("ListServiceDeployments", ListServiceDeploymentsRequest.builder()
        .cluster(CLUSTER).service(ARN_PREFIX + "service/prod/web").createdAt(CreatedAt.builder()
            .after(start.plusSeconds(30)).before(start.plusSeconds(150)).build()).build());

    assertThat(stopped.serviceDeployments()).extracting(ServiceDeploymentBrief::serviceDeploymentArn)
        .containsExactlyElementsOf(arns.subList(1, 4));
    assertThat(middle.serviceDeployments()).extracting(ServiceDeploymentBrief::serviceDeploymentArn)
        .containsExactlyElementsOf(arns.subList(1, 3));
  }

  @Test
  void listServiceDeploymentsOfAMissingServiceIsServiceNotFound() {
    ecsError(ErrorType.ServiceNotFoundException, () -> s.call("ListServiceDeployments",
        ListServiceDeploymentsRequest.builder().cluster(CLUSTER).service("nope").build()));
  }

  @Test
  void describeServiceDeploymentsShowsLiveCountsAndReportsUnknownOnes() {
    Service web = s.create("web", 2);
    s.reportStatus(s.serviceTask("web", web.deployments().getFirst().id()), "RUNNING");
    String unknown = ARN_PREFIX + "service-deployment/prod/web/AAAAAAAAAAAAAAAAAAAAA";

    DescribeServiceDeploymentsResponse r = s.call("DescribeServiceDeployments", DescribeServiceDeploymentsRequest
        .builder().serviceDeploymentArns(List.of(web.currentServiceDeployment(), unknown)).build());

    assertThat(r.serviceDeployments()).singleElement().satisfies(d -> {
      assertThat(d.serviceArn()).isEqualTo(web.serviceArn());
      assertThat(d.status()).isEqualTo(ServiceDeploymentStatus.IN_PROGRESS);
      assertThat(d.targetServiceRevision().requestedTaskCount()).isEqualTo(2);
      assertThat(d.targetServiceRevision().runningTaskCount()).isEqualTo(1);
      assertThat(d.deploymentCircuitBreaker().threshold()).isEqualTo(3);
    });
    assertThat(r.failures()).containsExactly(Failure.builder().arn(unknown).reason("MISSING").build());
  }

  @Test
  void describeServiceDeploymentsNeedsOneToTwentyWellFormedArns() {
    ecsError(ErrorType.InvalidParameterException, () -> s.call("DescribeServiceDeployments",
        DescribeServiceDeploymentsRequest.builder().serviceDeploymentArns(List.of()).build()));
    assertThat(ecsError(ErrorType.InvalidParameterException, () -> s.call("DescribeServiceDeployments",
        DescribeServiceDeploymentsRequest.builder().serviceDeploymentArns(List.of("web")).build())).getMessage())
        .contains("'web'", "service-deployment/");
  }
}
