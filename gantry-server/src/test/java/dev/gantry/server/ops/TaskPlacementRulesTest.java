package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Failure;
import dev.gantry.model.PlacementConstraint;
import dev.gantry.model.PlacementConstraintType;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.PlacementStrategyType;
import dev.gantry.model.RunTaskRequest;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.server.api.ErrorType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RunTask's placementConstraints and placementStrategy, decided by the placement engine. */
class TaskPlacementRulesTest {
  private final TaskOpsFixture f = new TaskOpsFixture();

  @BeforeEach
  void cluster() {
    f.createCluster();
    f.registerFamily("web", 256, 256, 0);
  }

  private RunTaskResponse run(int count, List<PlacementConstraint> constraints, List<PlacementStrategy> strategies) {
    return f.call("RunTask", RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("web").count(count)
        .placementConstraints(constraints).placementStrategy(strategies).build());
  }

  private static PlacementConstraint memberOf(String expression) {
    return PlacementConstraint.builder().type(PlacementConstraintType.MEMBEROF).expression(expression).build();
  }

  private static PlacementConstraint distinct() {
    return PlacementConstraint.builder().type(PlacementConstraintType.DISTINCTINSTANCE).build();
  }

  private static PlacementStrategy strategy(PlacementStrategyType type, String field) {
    return PlacementStrategy.builder().type(type).field(field).build();
  }

  private static Map<String, Long> perInstance(RunTaskResponse r) {
    return r.tasks().stream().collect(Collectors.groupingBy(Task::containerInstanceArn, Collectors.counting()));
  }

  @Test
  void memberOfPlacesOnlyOnMatchingInstancesAndExplainsTheRest() {
    ContainerInstance gpu = f.registerIn("i-1", "az-a", 4096, 4096, Attribute.builder().name("kind").value("gpu").build());
    ContainerInstance plain = f.registerIn("i-2", "az-a", 4096, 4096);

    RunTaskResponse r = run(3, List.of(memberOf("attribute:kind == gpu")), List.of());

    assertThat(r.tasks()).extracting(Task::containerInstanceArn).containsOnly(gpu.containerInstanceArn());
    assertThat(r.failures()).isEmpty();

    assertThat(run(10, List.of(memberOf("attribute:kind == gpu")), List.of()).tasks()).hasSize(10);
    RunTaskResponse full = run(10, List.of(memberOf("attribute:kind == gpu")), List.of());
    String detail = "7 tasks not placed: of 2 container instances, 1 excluded by RESOURCE:CPU, "
        + "1 excluded by MemberOf constraint";
    assertThat(full.tasks()).hasSize(3);
    assertThat(full.failures()).containsExactlyInAnyOrder(
        Failure.builder().arn(gpu.containerInstanceArn()).reason("RESOURCE:CPU").detail(detail).build(),
        Failure.builder().arn(plain.containerInstanceArn()).reason("MemberOf constraint").detail(detail).build());
  }

  @Test
  void distinctInstanceCountsTheGroupsTasksAlreadyRunning() {
    List<String> hosts = List.of(f.registerIn("i-1", "az-a", 4096, 4096), f.registerIn("i-2", "az-a", 4096, 4096),
        f.registerIn("i-3", "az-a", 4096, 4096)).stream().map(ContainerInstance::containerInstanceArn).toList();

    RunTaskResponse r = run(5, List.of(distinct()), List.of());

    assertThat(perInstance(r)).containsOnlyKeys(hosts).allSatisfy((arn, n) -> assertThat(n).isEqualTo(1L));
    String detail = "2 tasks not placed: of 3 container instances, 3 excluded by DistinctInstance placement constraint";
    assertThat(r.failures()).extracting(Failure::reason, Failure::detail)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("DistinctInstance placement constraint", detail));
    assertThat(run(1, List.of(distinct()), List.of()).tasks()).isEmpty();
  }

  @Test
  void spreadByZoneBalancesTheZonesNotTheInstances() {
    ContainerInstance lone = f.registerIn("i-b", "az-b", 8192, 8192);
    for (int i = 0; i < 3; i++) {
      f.registerIn("i-a" + i, "az-a", 8192, 8192);
    }

    RunTaskResponse r = run(8, List.of(), List.of(strategy(PlacementStrategyType.SPREAD,
        "attribute:ecs.availability-zone")));

    assertThat(r.tasks()).hasSize(8);
    assertThat(perInstance(r).get(lone.containerInstanceArn())).isEqualTo(4L);
  }

  @Test
  void binpackOnMemoryFillsTheInstanceWithLeastMemoryLeftFirst() {
    ContainerInstance small = f.registerIn("i-small", "az-a", 4096, 1024);
    f.registerIn("i-big", "az-a", 4096, 4096);

    RunTaskResponse r = run(4, List.of(), List.of(strategy(PlacementStrategyType.BINPACK, "memory")));

    assertThat(perInstance(r)).containsExactly(Map.entry(small.containerInstanceArn(), 4L));
    assertThat(f.instance(small.containerInstanceArn()).remainingResources())
        .anySatisfy(res -> assertThat(res.name() + "=" + res.integerValue()).isEqualTo("MEMORY=0"));
  }

  @Test
  void theTaskDefinitionsMemberOfConstraintAppliesToo() {
    f.registerIn("i-1", "az-a", 4096, 4096);
    ContainerInstance b = f.registerIn("i-2", "az-b", 4096, 4096);
    f.call("RegisterTaskDefinition", dev.gantry.model.RegisterTaskDefinitionRequest.builder().family("zoned")
        .containerDefinitions(List.of(dev.gantry.model.ContainerDefinition.builder().name("app")
            .image("gantry-test/busybox:latest").cpu(128).memory(128).build()))
        .placementConstraints(List.of(dev.gantry.model.TaskDefinitionPlacementConstraint.builder()
            .type(dev.gantry.model.TaskDefinitionPlacementConstraintType.MEMBEROF)
            .expression("attribute:ecs.availability-zone == az-b").build()))
        .build());

    RunTaskResponse r = f.run("zoned", 4);

    assertThat(r.tasks()).extracting(Task::containerInstanceArn).containsOnly(b.containerInstanceArn());
  }

  @Test
  void aMalformedMemberOfExpressionNamesTheMemberAndThePosition() {
    f.registerIn("i-1", "az-a", 4096, 4096);

    var e = ecsError(ErrorType.InvalidParameterException,
        () -> run(1, List.of(distinct(), memberOf("attribute:kind in [a, b")), List.of()));

    assertThat(e.getMessage()).contains("placementConstraints[1].expression").contains("position")
        .contains("expected");
  }

  @Test
  void moreThanTenConstraintsOrFiveStrategiesAreRejected() {
    f.registerIn("i-1", "az-a", 4096, 4096);

    var constraints = ecsError(ErrorType.InvalidParameterException,
        () -> run(1, Collections.nCopies(11, distinct()), List.of()));
    var strategies = ecsError(ErrorType.InvalidParameterException,
        () -> run(1, List.of(), Collections.nCopies(6, strategy(PlacementStrategyType.RANDOM, null))));
    var field = ecsError(ErrorType.InvalidParameterException,
        () -> run(1, List.of(), List.of(strategy(PlacementStrategyType.SPREAD, "zone"))));

    assertThat(constraints.getMessage()).contains("placementConstraints").contains("at most 10");
    assertThat(strategies.getMessage()).contains("placementStrategy").contains("at most 5");
    assertThat(field.getMessage()).contains("placementStrategy[0].field 'zone'").contains("attribute:<name>");
  }

  static Stream<Arguments> badPlacements() {
    PlacementConstraint untyped = PlacementConstraint.builder().expression("attribute:a exists").build();
    return Stream.of(
        Arguments.of("random with a field", List.of(), List.of(strategy(PlacementStrategyType.RANDOM, "memory")),
            "placementStrategy[0]: the random strategy takes no field; got 'memory'"),
        Arguments.of("random with an empty field", List.of(), List.of(strategy(PlacementStrategyType.RANDOM, "")),
            "placementStrategy[0]: the random strategy takes no field; got ''"),
        Arguments.of("spread without a field", List.of(), List.of(strategy(PlacementStrategyType.SPREAD, null)),
            "placementStrategy[0].field '' is not valid for spread"),
        Arguments.of("spread on an attribute without a name", List.of(),
            List.of(strategy(PlacementStrategyType.SPREAD, "attribute:")),
            "placementStrategy[0].field 'attribute:' is not valid for spread"),
        Arguments.of("binpack on something other than cpu or memory", List.of(),
            List.of(strategy(PlacementStrategyType.SPREAD, "host"), strategy(PlacementStrategyType.BINPACK, "disk")),
            "placementStrategy[1].field 'disk' is not valid for binpack: use cpu or memory"),
        Arguments.of("binpack without a field", List.of(), List.of(strategy(PlacementStrategyType.BINPACK, null)),
            "placementStrategy[0].field 'null' is not valid for binpack"),
        Arguments.of("a strategy without a type", List.of(), List.of(PlacementStrategy.builder().field("cpu").build()),
            "placementStrategy[0].type is required"),
        Arguments.of("a constraint without a type", List.of(untyped), List.of(),
            "placementConstraints[0].type is required: use distinctInstance or memberOf"),
        Arguments.of("memberOf without an expression", List.of(memberOf(null)), List.of(),
            "placementConstraints[0].expression is required for memberOf"),
        Arguments.of("memberOf over 2000 characters", List.of(memberOf("attribute:a == " + "x".repeat(1990))),
            List.of(), "placementConstraints[0].expression is required for memberOf: give a cluster query language "
            + "expression of 1 to 2000 characters"),
        Arguments.of("distinctInstance with an expression", List.of(distinct().toBuilder().expression("x").build()),
            List.of(), "placementConstraints[0]: a distinctInstance constraint takes no expression"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("badPlacements")
  void rejectsPlacementsEcsRejectsNamingTheMember(String name, List<PlacementConstraint> constraints,
      List<PlacementStrategy> strategies, String message) {
    f.registerIn("i-1", "az-a", 4096, 4096);

    var e = ecsError(ErrorType.InvalidParameterException, () -> run(1, constraints, strategies));

    assertThat(e.getMessage()).contains(message);
    assertThat(f.allTasks()).isEmpty();
  }

  @Test
  void acceptsEveryStrategyFieldEcsDocuments() {
    f.registerIn("i-1", "az-a", 4096, 4096);

    RunTaskResponse r = run(1, List.of(), List.of(strategy(PlacementStrategyType.SPREAD, "attribute:ecs.availability-zone"),
        strategy(PlacementStrategyType.SPREAD, "instanceId"), strategy(PlacementStrategyType.SPREAD, "host"),
        strategy(PlacementStrategyType.BINPACK, "cpu"), strategy(PlacementStrategyType.RANDOM, null)));

    assertThat(r.tasks()).hasSize(1);
    assertThat(run(1, List.of(), List.of(strategy(PlacementStrategyType.BINPACK, "memory"))).tasks()).hasSize(1);
  }

  @Test
  void theTaskDefinitionsConstraintsCountTowardsTheLimitOfTen() {
    f.registerIn("i-1", "az-a", 4096, 4096);
    f.call("RegisterTaskDefinition", dev.gantry.model.RegisterTaskDefinitionRequest.builder().family("six")
        .containerDefinitions(List.of(dev.gantry.model.ContainerDefinition.builder().name("app")
            .image("gantry-test/busybox:latest").cpu(128).memory(128).build()))
        .placementConstraints(Collections.nCopies(6, dev.gantry.model.TaskDefinitionPlacementConstraint.builder()
            .type(dev.gantry.model.TaskDefinitionPlacementConstraintType.MEMBEROF).expression("agentConnected == true")
            .build()))
        .build());
    RunTaskRequest.Builder request = RunTaskRequest.builder().cluster(CLUSTER).taskDefinition("six");

    var e = ecsError(ErrorType.InvalidParameterException, () -> f.call("RunTask",
        request.placementConstraints(Collections.nCopies(5, distinct())).build()));

    assertThat(e.getMessage()).isEqualTo("placementConstraints has 5 entries and the task definition 6; at most 10 "
        + "are allowed together.");
    RunTaskResponse four = f.call("RunTask", request.placementConstraints(Collections.nCopies(4, distinct())).build());
    assertThat(four.tasks()).hasSize(1);
  }

  private static Attribute attribute(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }

  @Test
  void aWindowsTaskGoesToItsOsFamilyAndMemoryReservationAloneNeedsTheWorkaround() {
    Attribute core2022 = attribute("ecs.os-family", "WINDOWS_SERVER_2022_CORE");
    Attribute api121 = attribute(RequiresAttributes.DOCKER_API + "1.21", null);
    ContainerInstance plain = f.registerIn("i-w1", "az-a", 4096, 4096, core2022, api121);
    ContainerInstance workaround = f.registerIn("i-w2", "az-a", 4096, 4096, core2022, api121,
        attribute("gantry.capability.windows-memory-unbounded-workaround", "true"));
    ContainerInstance linux = f.registerIn("i-l", "az-a", 4096, 4096, api121);
    f.call("RegisterTaskDefinition", dev.gantry.model.RegisterTaskDefinitionRequest.builder().family("win")
        .runtimePlatform(dev.gantry.model.RuntimePlatform.builder()
            .operatingSystemFamily(dev.gantry.model.OSFamily.WINDOWS_SERVER_2022_CORE).build())
        .containerDefinitions(List.of(dev.gantry.model.ContainerDefinition.builder().name("app")
            .image("mcr.microsoft.com/windows/servercore:ltsc2022").cpu(1024).memoryReservation(1024).build()))
        .build());

    RunTaskResponse r = f.run("win", 5);

    assertThat(r.tasks()).extracting(Task::containerInstanceArn).containsOnly(workaround.containerInstanceArn())
        .hasSize(4);
    assertThat(r.failures()).extracting(Failure::arn, Failure::reason).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(plain.containerInstanceArn(), "ATTRIBUTE"),
        org.assertj.core.groups.Tuple.tuple(linux.containerInstanceArn(), "ATTRIBUTE"),
        org.assertj.core.groups.Tuple.tuple(workaround.containerInstanceArn(), "RESOURCE:CPU"));
    assertThat(r.failures().getFirst().detail()).isEqualTo("1 task not placed: of 3 container instances, "
        + "1 excluded by ATTRIBUTE (ecs.os-family is not the task definition's runtimePlatform.operatingSystemFamily), "
        + "1 excluded by ATTRIBUTE (a container sets memoryReservation without memory, which Windows instances take "
        + "only when their agent runs with ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true), "
        + "1 excluded by RESOURCE:CPU");
  }
}
