package dev.gantry.placement;

import static dev.gantry.placement.Instances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstanceStatus;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One instance, one task: each rule either lets it through or names its ECS reason. */
class FilterRulesTest {
  private static final TaskDemand SMALL = TaskDemand.of(256, 512);

  static Stream<Arguments> rules() {
    Instances big = instance("i-1", 1024, 2048);
    PlacementRequest plain = PlacementRequest.of("family:web", 1, SMALL);
    TaskDemand port80 = new TaskDemand(256, 512, List.of(80), List.of(), false);
    TaskDemand udp53 = new TaskDemand(256, 512, List.of(), List.of(53), false);
    TaskDemand reservationOnly = new TaskDemand(256, 512, List.of(), List.of(), true);
    Instances windows = big.attribute("ecs.os-family", "WINDOWS_SERVER_2022_CORE");
    Instances x86 = big.attribute(InstanceFilter.CPU_ARCHITECTURE, "x86_64");
    Instances arm = big.attribute(InstanceFilter.CPU_ARCHITECTURE, "arm64");
    PlacementRequest arm64Task = PlacementRequest.of("g", 1, SMALL.withCpuArchitecture("ARM64"));
    PlacementRequest x86Task = PlacementRequest.of("g", 1, SMALL.withCpuArchitecture("X86_64"));
    PlacementRequest threeDynamic = PlacementRequest.of("g", 1, new TaskDemand(256, 512, List.of(), List.of(), false, 3));
    return Stream.of(
        row("an ACTIVE connected instance with room takes the task", big, plain, null),
        row("a DRAINING instance takes nothing new", big.status(ContainerInstanceStatus.DRAINING), plain, FailureReason.INACTIVE),
        row("a REGISTERING instance takes nothing", big.status(ContainerInstanceStatus.REGISTERING), plain, FailureReason.INACTIVE),
        row("a disconnected agent is AGENT", big.disconnected(), plain, FailureReason.AGENT),
        row("too little CPU is RESOURCE:CPU", instance("i-1", 255, 2048), plain, FailureReason.RESOURCE_CPU),
        row("exactly enough CPU fits", instance("i-1", 256, 512), plain, null),
        row("too little memory is RESOURCE:MEMORY", instance("i-1", 1024, 511), plain, FailureReason.RESOURCE_MEMORY),
        row("CPU is reported before memory", instance("i-1", 0, 0), plain, FailureReason.RESOURCE_CPU),
        row("a free static TCP port fits", big, PlacementRequest.of("g", 1, port80), null),
        row("a reserved TCP port is RESOURCE:PORTS", big,
            PlacementRequest.of("g", 1, new TaskDemand(0, 0, List.of(2375), List.of(), false)), FailureReason.RESOURCE_PORTS),
        row("a taken UDP port is RESOURCE:PORTS", big.udpTaken(java.util.Set.of(53)), PlacementRequest.of("g", 1, udp53),
            FailureReason.RESOURCE_PORTS),
        row("UDP and TCP ports are apart", big.udpTaken(java.util.Set.of(80)), PlacementRequest.of("g", 1, port80), null),
        row("one host port asked twice never fits", big,
            PlacementRequest.of("g", 1, new TaskDemand(0, 0, List.of(80, 80), List.of(), false)), FailureReason.RESOURCE_PORTS),
        row("dynamic host ports fit while the Linux range 49153-65535 has them", big.dynamicPortsHeld(16380),
            threeDynamic, null),
        row("dynamic host ports beyond what is left of the range are RESOURCE:PORTS", big.dynamicPortsHeld(16381),
            threeDynamic, FailureReason.RESOURCE_PORTS),
        row("Windows' range 49152-65535 has one port more", windows.dynamicPortsHeld(16381), threeDynamic, null),
        row("an advertised ephemeral range replaces the OS default",
            big.attribute(InstanceView.DYNAMIC_HOST_PORT_RANGE, "50000-50001"), threeDynamic, FailureReason.RESOURCE_PORTS),
        row("an unreadable advertised range counts as the OS default",
            big.attribute(InstanceView.DYNAMIC_HOST_PORT_RANGE, "lots"), threeDynamic, null),
        row("a Linux task does not go to a Windows instance", windows, plain.withOsFamily("LINUX"), FailureReason.ATTRIBUTE_OS_FAMILY),
        row("a Windows 2022 task goes to a Windows 2022 instance", windows, plain.withOsFamily("WINDOWS_SERVER_2022_CORE"), null),
        row("a Windows 2019 task does not go to a Windows 2022 instance", windows,
            plain.withOsFamily("WINDOWS_SERVER_2019_CORE"), FailureReason.ATTRIBUTE_OS_FAMILY),
        row("an instance without ecs.os-family counts as LINUX", new Instances(withoutAttributes(big.view())),
            plain.withOsFamily("LINUX"), null),
        row("an ARM64 task does not go to an x86_64 instance", x86, arm64Task, FailureReason.ATTRIBUTE_CPU_ARCHITECTURE),
        row("an X86_64 task does not go to an arm64 instance", arm, x86Task, FailureReason.ATTRIBUTE_CPU_ARCHITECTURE),
        row("an ARM64 task goes to an arm64 instance", arm, arm64Task, null),
        row("an X86_64 task goes to an x86_64 instance", x86, x86Task, null),
        row("Docker's name aarch64 counts as arm64", big.attribute(InstanceFilter.CPU_ARCHITECTURE, "aarch64"),
            arm64Task, null),
        row("an instance without ecs.cpu-architecture counts as x86_64 for an ARM64 task", big, arm64Task,
            FailureReason.ATTRIBUTE_CPU_ARCHITECTURE),
        row("an instance without ecs.cpu-architecture counts as x86_64 for an X86_64 task", big, x86Task, null),
        row("a task definition without cpuArchitecture goes to an arm64 instance", arm, plain, null),
        row("an unknown architecture takes neither ARM64 nor X86_64 tasks",
            big.attribute(InstanceFilter.CPU_ARCHITECTURE, "riscv64"), x86Task, FailureReason.ATTRIBUTE_CPU_ARCHITECTURE),
        row("the operating system family is reported before the architecture", windows,
            arm64Task.withOsFamily("LINUX"), FailureReason.ATTRIBUTE_OS_FAMILY),
        row("memoryReservation alone is refused on Windows without the workaround", windows,
            PlacementRequest.of("g", 1, reservationOnly), FailureReason.ATTRIBUTE_WINDOWS_MEMORY),
        row("memoryReservation alone is placed on Windows with the workaround",
            windows.attribute(InstanceFilter.WINDOWS_MEMORY_WORKAROUND, "true"), PlacementRequest.of("g", 1, reservationOnly), null),
        row("memoryReservation alone is fine on Linux", big, PlacementRequest.of("g", 1, reservationOnly), null),
        row("a missing required attribute is ATTRIBUTE", big,
            plain.withRequiresAttributes(List.of(attr("ecs.capability.task-eni", null))), FailureReason.ATTRIBUTE),
        row("a required attribute present is fine", big.attribute("ecs.capability.task-eni", ""),
            plain.withRequiresAttributes(List.of(attr("ecs.capability.task-eni", null))), null),
        row("a required attribute with another value is ATTRIBUTE", big.attribute("stack", "blue"),
            plain.withRequiresAttributes(List.of(attr("stack", "green"))), FailureReason.ATTRIBUTE),
        row("memberOf rejecting the instance is MemberOf constraint", big,
            plain.withConstraints(List.of(new Constraint.MemberOf("attribute:x == y", v -> false))), FailureReason.MEMBER_OF),
        row("memberOf accepting the instance places", big,
            plain.withConstraints(List.of(new Constraint.MemberOf("attribute:x == y", v -> true))), null),
        row("distinctInstance refuses an instance already running the group", big.tasksOf("family:web", 1),
            plain.withConstraints(List.of(new Constraint.DistinctInstance())), FailureReason.DISTINCT_INSTANCE),
        row("distinctInstance ignores tasks of other groups", big.tasksOf("family:db", 3),
            plain.withConstraints(List.of(new Constraint.DistinctInstance())), null),
        row("resources are checked before constraints", instance("i-1", 0, 0),
            plain.withConstraints(List.of(new Constraint.MemberOf("x", v -> false))), FailureReason.RESOURCE_CPU));
  }

  private static Arguments row(String name, Instances instance, PlacementRequest request, FailureReason expected) {
    return Arguments.of(name, instance.view(), request, Optional.ofNullable(expected));
  }

  private static Attribute attr(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }

  private static InstanceView withoutAttributes(InstanceView v) {
    return new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), v.agentConnected(), v.agentVersion(),
        v.registeredAt(), v.remainingCpu(), v.remainingMemory(), v.tcpPortsTaken(), v.udpPortsTaken(),
        java.util.Map.of(), v.runningTasksCount(), v.tasksByGroup());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachRuleAdmitsOrNamesItsReason(String name, InstanceView instance, PlacementRequest request,
      Optional<FailureReason> expected) {
    PlacementResult result = PlacementEngine.place(request, new ClusterSnapshot(List.of(instance)), new SplittableRandom(1));
    if (expected.isEmpty()) {
      assertThat(result).isInstanceOf(PlacementResult.Placed.class);
      assertThat(result.placements()).extracting(PlacementResult.Placement::containerInstanceArn)
          .containsExactly(instance.containerInstanceArn());
    } else {
      assertThat(result).isInstanceOfSatisfying(PlacementResult.Unplaced.class, u -> {
        assertThat(u.placements()).isEmpty();
        assertThat(u.unplacedCount()).isEqualTo(1);
        assertThat(u.failures()).containsExactly(new PlacementResult.Failure(instance.containerInstanceArn(), expected.get()));
        assertThat(u.detail()).isEqualTo("1 task not placed: of 1 container instances, 1 excluded by "
            + expected.get().label());
      });
    }
  }

  @ParameterizedTest(name = "{0} is ''{1}'' on the wire")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      INACTIVE                 | INACTIVE
      AGENT                    | AGENT
      ATTRIBUTE                | ATTRIBUTE
      ATTRIBUTE_OS_FAMILY      | ATTRIBUTE
      ATTRIBUTE_CPU_ARCHITECTURE | ATTRIBUTE
      ATTRIBUTE_WINDOWS_MEMORY | ATTRIBUTE
      RESOURCE_CPU             | RESOURCE:CPU
      RESOURCE_MEMORY          | RESOURCE:MEMORY
      RESOURCE_PORTS           | RESOURCE:PORTS
      MEMBER_OF                | MemberOf constraint
      DISTINCT_INSTANCE        | DistinctInstance placement constraint
      """)
  void failureReasonsAreEcsOwnStrings(FailureReason reason, String wire) {
    assertThat(reason.toString()).isEqualTo(wire);
    assertThat(reason.label()).startsWith(wire);
  }

  @org.junit.jupiter.api.Test
  void anArchitectureRefusalNamesTheAttributeAndTheTaskDefinitionMember() {
    InstanceView arm = instance("i-1", 1024, 2048).attribute(InstanceFilter.CPU_ARCHITECTURE, "arm64").view();
    PlacementResult r = PlacementEngine.place(PlacementRequest.of("g", 1, SMALL.withCpuArchitecture("X86_64")),
        new ClusterSnapshot(List.of(arm)), new SplittableRandom(1));
    assertThat(((PlacementResult.Unplaced) r).detail()).isEqualTo("1 task not placed: of 1 container instances, "
        + "1 excluded by ATTRIBUTE (ecs.cpu-architecture is not the task definition's runtimePlatform.cpuArchitecture)");
  }

  @org.junit.jupiter.api.Test
  void aWindowsMemoryRefusalSaysWhichAgentSettingIsMissing() {
    InstanceView windows = instance("i-1", 1024, 2048).attribute("ecs.os-family", "WINDOWS_SERVER_2019_CORE").view();
    PlacementResult r = PlacementEngine.place(PlacementRequest.of("g", 1, new TaskDemand(0, 256, List.of(), List.of(), true)),
        new ClusterSnapshot(List.of(windows)), new SplittableRandom(1));
    assertThat(((PlacementResult.Unplaced) r).detail()).contains("1 excluded by ATTRIBUTE (")
        .contains("memoryReservation without memory").contains("ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true");
  }
}
