package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Failure;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.StartTaskRequest;
import dev.gantry.model.StartTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TransportProtocol;
import dev.gantry.placement.InstanceView;
import dev.gantry.store.Keys;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dynamic host-port budget: port mappings without a host port in bridge mode take ports from
 * the instance's ephemeral range, and an instance whose range is used up gets RESOURCE:PORTS.
 */
class TaskDynamicPortsTest {
  private final TaskOpsFixture f = new TaskOpsFixture();

  @BeforeEach
  void cluster() {
    f.createCluster();
  }

  private static PortMapping dynamic(int containerPort) {
    return PortMapping.builder().containerPort(containerPort).build();
  }

  private String register(String family, NetworkMode mode, PortMapping... mappings) {
    return f.<RegisterTaskDefinitionRequest, dev.gantry.model.RegisterTaskDefinitionResponse>call("RegisterTaskDefinition",
        RegisterTaskDefinitionRequest.builder().family(family).networkMode(mode)
            .containerDefinitions(List.of(ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest")
                .cpu(10).memory(10).portMappings(List.of(mappings)).build()))
            .build()).taskDefinition().taskDefinitionArn();
  }

  /** A host whose agent advertises an ephemeral range of four ports. */
  private ContainerInstance fourPortHost(String id) {
    return f.registerIn(id, "az-a", 4096, 4096,
        Attribute.builder().name(InstanceView.DYNAMIC_HOST_PORT_RANGE).value("50000-50003").build());
  }

  @Test
  void runTaskFailsWithResourcePortsOnceTheEphemeralRangeIsUsedUp() {
    ContainerInstance host = fourPortHost("i-1");
    register("web", null, dynamic(8080), PortMapping.builder().containerPort(9090).hostPort(0).build());

    RunTaskResponse first = f.run("web", 3);
    RunTaskResponse next = f.run("web", 1);

    assertThat(first.tasks()).hasSize(2);
    Failure ports = Failure.builder().arn(host.containerInstanceArn()).reason("RESOURCE:PORTS")
        .detail("1 task not placed: of 1 container instances, 1 excluded by RESOURCE:PORTS").build();
    assertThat(first.failures()).containsExactly(ports);
    assertThat(next.tasks()).isEmpty();
    assertThat(next.failures()).containsExactly(ports);
  }

  @Test
  void aStoppedTaskGivesItsDynamicPortsBack() {
    fourPortHost("i-1");
    register("web", NetworkMode.BRIDGE, dynamic(8080), dynamic(9090));
    Task first = f.run("web", 2).tasks().getFirst();
    assertThat(f.run("web", 1).tasks()).isEmpty();

    f.put(Keys.task(CLUSTER, Tasks.id(first)), first.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED").build());

    assertThat(f.run("web", 1).tasks()).hasSize(1);
  }

  @Test
  void theLinuxDefaultRangeOf16383PortsHoldsTwoTasksOf6000Ports() {
    ContainerInstance host = f.registerIn("i-1", "az-a", 4096, 4096);
    register("ranges", NetworkMode.BRIDGE, PortMapping.builder().containerPortRange("20000-25999").build());

    RunTaskResponse r = f.run("ranges", 3);

    assertThat(r.tasks()).hasSize(2);
    assertThat(r.failures()).extracting(Failure::arn, Failure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(host.containerInstanceArn(), "RESOURCE:PORTS"));
  }

  @Test
  void tasksWithoutDynamicPortsStillFitOnAHostWhoseRangeIsUsedUp() {
    fourPortHost("i-1");
    register("web", null, dynamic(8080), dynamic(9090), dynamic(7070), dynamic(6060));
    register("static", null, PortMapping.builder().containerPort(80).hostPort(8000).build());
    register("plain", null);
    assertThat(f.run("web", 1).tasks()).hasSize(1);

    assertThat(f.run("static", 1).tasks()).hasSize(1);
    assertThat(f.run("plain", 1).tasks()).hasSize(1);
    assertThat(f.run("web", 1).tasks()).isEmpty();
  }

  @Test
  void startTaskCountsTheDynamicPortsOfTasksItStartsOnTheSameHost() {
    ContainerInstance host = fourPortHost("i-1");
    register("web", null, dynamic(8080), dynamic(9090));
    String id = ContainerInstances.id(host);

    StartTaskResponse r = f.call("StartTask", StartTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .containerInstances(List.of(id, id, id)).build());

    assertThat(r.tasks()).hasSize(2);
    assertThat(r.failures()).extracting(Failure::reason).containsExactly("RESOURCE:PORTS");
    StartTaskResponse again = f.call("StartTask", StartTaskRequest.builder().cluster(CLUSTER).taskDefinition("web")
        .containerInstances(List.of(id)).build());
    assertThat(again.failures()).extracting(Failure::reason).containsExactly("RESOURCE:PORTS");
  }

  static Stream<Arguments> definitions() {
    PortMapping none = dynamic(8080);
    PortMapping zero = PortMapping.builder().containerPort(8081).hostPort(0).build();
    PortMapping fixed = PortMapping.builder().containerPort(8082).hostPort(9000).build();
    PortMapping udp = PortMapping.builder().containerPort(53).protocol(TransportProtocol.UDP).build();
    PortMapping range = PortMapping.builder().containerPortRange("7000-7009").build();
    return Stream.of(
        Arguments.of("an absent host port in bridge mode is one dynamic port", NetworkMode.BRIDGE, List.of(none), 1),
        Arguments.of("host port 0 is a dynamic port too", NetworkMode.BRIDGE, List.of(zero), 1),
        Arguments.of("the default network mode maps ports like bridge (nat on Windows)", null, List.of(none, zero), 2),
        Arguments.of("a static host port is not dynamic", NetworkMode.BRIDGE, List.of(fixed), 0),
        Arguments.of("UDP mappings count too", NetworkMode.BRIDGE, List.of(udp, none), 2),
        Arguments.of("a container port range takes as many ports as it spans", NetworkMode.BRIDGE, List.of(range), 10),
        Arguments.of("host mode binds the container port itself", NetworkMode.HOST, List.of(none), 0),
        Arguments.of("awsvpc tasks have their own network namespace", NetworkMode.AWSVPC, List.of(none, range), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void countsTheDynamicHostPortsOfATaskDefinition(String name, NetworkMode mode, List<PortMapping> mappings,
      int expected) {
    TaskDefinition definition = TaskDefinition.builder().networkMode(mode).containerDefinitions(List.of(
        ContainerDefinition.builder().name("app").portMappings(mappings).build())).build();
    assertThat(TaskDemand.dynamicPorts(definition)).isEqualTo(expected);
  }
}
