package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ARN_PREFIX;
import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.ContainerInstanceField;
import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeregisterContainerInstanceRequest;
import dev.gantry.model.DeregisterContainerInstanceResponse;
import dev.gantry.model.DescribeContainerInstancesRequest;
import dev.gantry.model.DescribeContainerInstancesResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.InstanceHealthCheckState;
import dev.gantry.model.ListContainerInstancesRequest;
import dev.gantry.model.ListContainerInstancesResponse;
import dev.gantry.model.RegisterContainerInstanceResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.UpdateContainerInstancesStateRequest;
import dev.gantry.model.UpdateContainerInstancesStateResponse;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContainerInstanceHandlerTest {
  private final ClusterOpsFixture f = new ClusterOpsFixture();
  private ContainerInstance one;
  private ContainerInstance two;

  @BeforeEach
  void instances() {
    f.createCluster("web");
    RegisterContainerInstanceResponse r = f.call("RegisterContainerInstance", ClusterOpsFixture
        .registration("web", "host-1").tags(List.of(Tag.builder().key("rack").value("r1").build())).build());
    one = r.containerInstance();
    two = f.register("web", "host-2");
  }

  private static String id(ContainerInstance ci) {
    return ContainerInstances.id(ci);
  }

  private DescribeContainerInstancesResponse describe(List<String> refs, ContainerInstanceField... include) {
    return f.call("DescribeContainerInstances", DescribeContainerInstancesRequest.builder().cluster("web")
        .containerInstances(refs).include(List.of(include)).build());
  }

  private ListContainerInstancesResponse list(ContainerInstanceStatus status) {
    return f.call("ListContainerInstances", ListContainerInstancesRequest.builder().cluster("web").status(status)
        .build());
  }

  private DeregisterContainerInstanceResponse deregister(String ref, Boolean force) {
    return f.call("DeregisterContainerInstance", DeregisterContainerInstanceRequest.builder().cluster("web")
        .containerInstance(ref).force(force).build());
  }

  private UpdateContainerInstancesStateResponse setState(ContainerInstanceStatus status, String... refs) {
    return f.call("UpdateContainerInstancesState", UpdateContainerInstancesStateRequest.builder().cluster("web")
        .containerInstances(List.of(refs)).status(status).build());
  }

  @Test
  void describeFindsInstancesByIdOrArnAndReportsTheRestAsMissing() {
    DescribeContainerInstancesResponse r = describe(List.of(id(one), two.containerInstanceArn(), "0000",
        ARN_PREFIX + "container-instance/other/" + id(one)));

    assertThat(r.containerInstances()).extracting(ContainerInstance::containerInstanceArn)
        .containsExactly(one.containerInstanceArn(), two.containerInstanceArn());
    assertThat(r.failures()).containsExactly(
        Failure.builder().arn(ARN_PREFIX + "container-instance/web/0000").reason("MISSING").build(),
        Failure.builder().arn(ARN_PREFIX + "container-instance/other/" + id(one)).reason("MISSING").build());
  }

  @Test
  void describeShowsTagsAndHealthOnlyWhenIncluded() {
    ContainerInstance plain = describe(List.of(id(one))).containerInstances().getFirst();
    ContainerInstance full = describe(List.of(id(one)), ContainerInstanceField.values()).containerInstances()
        .getFirst();

    assertThat(plain.tags()).isNull();
    assertThat(plain.healthStatus()).isNull();
    assertThat(full.tags()).containsExactly(Tag.builder().key("rack").value("r1").build());
    assertThat(full.healthStatus().overallStatus()).isEqualTo(InstanceHealthCheckState.INSUFFICIENT_DATA);
  }

  @Test
  void describeNeedsAnExistingCluster() {
    ecsError(ErrorType.ClusterNotFoundException, () -> f.call("DescribeContainerInstances",
        DescribeContainerInstancesRequest.builder().cluster("ghost").containerInstances(List.of("x")).build()));
  }

  @Test
  void listShowsAllButDeregisteredInstancesByDefault() {
    deregister(id(two), null);

    assertThat(list(null).containerInstanceArns()).containsExactly(one.containerInstanceArn());
  }

  @Test
  void listFiltersByStatus() {
    setState(ContainerInstanceStatus.DRAINING, id(two));

    assertThat(list(ContainerInstanceStatus.DRAINING).containerInstanceArns())
        .containsExactly(two.containerInstanceArn());
    assertThat(list(ContainerInstanceStatus.ACTIVE).containerInstanceArns())
        .containsExactly(one.containerInstanceArn());
    assertThat(list(ContainerInstanceStatus.REGISTERING).containerInstanceArns()).isEmpty();
  }

  @Test
  void listPagesThroughManyInstances() {
    IntStream.range(3, 8).forEach(i -> f.register("web", "host-" + i));

    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ListContainerInstancesResponse page = f.call("ListContainerInstances", ListContainerInstancesRequest.builder()
          .cluster("web").maxResults(3).nextToken(token).build());
      seen.addAll(page.containerInstanceArns());
      token = page.nextToken();
    } while (token != null);

    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
  }

  private List<String> listWhere(String filter) {
    ListContainerInstancesResponse r = f.call("ListContainerInstances", ListContainerInstancesRequest.builder()
        .cluster("web").filter(filter).build());
    return r.containerInstanceArns();
  }

  @Test
  void listReturnsOnlyTheInstancesTheFilterMatches() {
    ContainerInstance tagged = ((RegisterContainerInstanceResponse) f.call("RegisterContainerInstance",
        ClusterOpsFixture.registration("web", "host-3").attributes(List.of(
            dev.gantry.model.Attribute.builder().name("stack").value("prod").build())).build())).containerInstance();
    f.put(Keys.task("web", "0123456789abcdef0123456789abcdef"), Task.builder()
        .taskArn(ARN_PREFIX + "task/web/0123456789abcdef0123456789abcdef").group("service:api")
        .containerInstanceArn(two.containerInstanceArn()).lastStatus("RUNNING").desiredStatus("RUNNING").build());

    assertThat(listWhere("attribute:stack == prod")).containsExactly(tagged.containerInstanceArn());
    assertThat(listWhere("attribute:stack !exists")).containsExactlyInAnyOrder(one.containerInstanceArn(),
        two.containerInstanceArn());
    // as in ECS, a negated comparison lists only the instances that have the attribute
    assertThat(listWhere("attribute:stack != dev")).containsExactly(tagged.containerInstanceArn());
    assertThat(listWhere("attribute:stack != prod")).isEmpty();
    assertThat(listWhere("task:group == service:api")).containsExactly(two.containerInstanceArn());
    assertThat(listWhere("not(task:group == service:api) and agentVersion == 0.1.0"))
        .containsExactlyInAnyOrder(one.containerInstanceArn(), tagged.containerInstanceArn());
    assertThat(listWhere("attribute:ecs.availability-zone in [rack-2, rack-3]")).isEmpty();
  }

  @Test
  void aMalformedFilterIsRejectedWithItsPositionAndWhatWasExpected() {
    var e = ecsError(ErrorType.InvalidParameterException, () -> listWhere("attribute:stack =="));

    assertThat(e.getMessage()).contains("filter 'attribute:stack =='").contains("position 19").contains("expected");
  }

  @Test
  void drainingBumpsTheVersionAndSettingTheSameStatusChangesNothing() {
    ContainerInstance drained = setState(ContainerInstanceStatus.DRAINING, one.containerInstanceArn())
        .containerInstances().getFirst();
    ContainerInstance again = setState(ContainerInstanceStatus.DRAINING, id(one)).containerInstances().getFirst();
    ContainerInstance active = setState(ContainerInstanceStatus.ACTIVE, id(one)).containerInstances().getFirst();

    assertThat(drained.status()).isEqualTo("DRAINING");
    assertThat(drained.version()).isEqualTo(2L);
    assertThat(again.version()).isEqualTo(2L);
    assertThat(active.status()).isEqualTo("ACTIVE");
    assertThat(active.version()).isEqualTo(3L);
  }

  @Test
  void updateStateReportsUnknownAndDeregisteredInstancesAsFailures() {
    deregister(id(two), null);

    UpdateContainerInstancesStateResponse r = setState(ContainerInstanceStatus.DRAINING, id(one), id(two), "nope");

    assertThat(r.containerInstances()).extracting(ContainerInstance::containerInstanceArn)
        .containsExactly(one.containerInstanceArn());
    assertThat(r.failures()).extracting(Failure::arn).containsExactly(two.containerInstanceArn(),
        ARN_PREFIX + "container-instance/web/nope");
    assertThat(r.failures()).extracting(Failure::reason).containsOnly("MISSING");
  }

  @ParameterizedTest(name = "status {0} cannot be set")
  @EnumSource(value = ContainerInstanceStatus.class, names = {"REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED"})
  void updateStateAcceptsOnlyActiveAndDraining(ContainerInstanceStatus status) {
    var e = ecsError(ErrorType.InvalidParameterException, () -> setState(status, id(one)));

    assertThat(e.getMessage()).contains(status.toString()).contains("ACTIVE or DRAINING");
  }

  @Test
  void updateStateTakesAtMostTenInstances() {
    String[] eleven = IntStream.range(0, 11).mapToObj(i -> "i" + i).toArray(String[]::new);

    ecsError(ErrorType.InvalidParameterException, () -> setState(ContainerInstanceStatus.DRAINING, eleven));
  }

  @Test
  void deregisterMakesTheInstanceInactiveButDescribable() {
    ContainerInstance gone = deregister(one.containerInstanceArn(), null).containerInstance();

    assertThat(gone.status()).isEqualTo("INACTIVE");
    assertThat(gone.version()).isEqualTo(2L);
    assertThat(describe(List.of(id(one))).containerInstances()).extracting(ContainerInstance::status)
        .containsExactly("INACTIVE");
  }

  @Test
  void deregisterRefusesWhileTasksRunUnlessForced() {
    f.put(Keys.task("web", "t1"), Task.builder().containerInstanceArn(one.containerInstanceArn())
        .lastStatus("RUNNING").build());
    f.put(Keys.task("web", "t2"), Task.builder().containerInstanceArn(two.containerInstanceArn())
        .lastStatus("STOPPED").build());

    var e = ecsError(ErrorType.InvalidParameterException, () -> deregister(id(one), false));
    ContainerInstance forced = deregister(id(one), true).containerInstance();
    ContainerInstance idle = deregister(id(two), false).containerInstance();

    assertThat(e.getMessage()).contains("1 task(s)").contains("force");
    assertThat(forced.status()).isEqualTo("INACTIVE");
    assertThat(idle.status()).isEqualTo("INACTIVE");
  }

  @Test
  void deregisterOfAnUnknownInstanceNamesIt() {
    var e = ecsError(ErrorType.InvalidParameterException, () -> deregister("feedface", null));

    assertThat(e.getMessage()).contains("'feedface'").contains("cluster 'web'");
  }
}
