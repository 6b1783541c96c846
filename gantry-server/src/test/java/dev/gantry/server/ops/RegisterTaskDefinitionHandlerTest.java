package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskDefinitionFixture.ARN_PREFIX;
import static dev.gantry.server.ops.TaskDefinitionFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.Compatibility;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DescribeTaskDefinitionRequest;
import dev.gantry.model.DescribeTaskDefinitionResponse;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RegisterTaskDefinitionResponse;
import dev.gantry.model.Tag;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionField;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.TransportProtocol;
import dev.gantry.model.validation.Violation;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterTaskDefinitionHandlerTest {
  private final TaskDefinitionFixture fx = new TaskDefinitionFixture();

  @Test
  void registersTheFirstRevisionOfANewFamilyAsActive() {
    RegisterTaskDefinitionResponse response = fx.call("RegisterTaskDefinition",
        TaskDefinitionFixture.simple("web").toBuilder().tags(List.of(new Tag("team", "blue"))).build());

    TaskDefinition td = response.taskDefinition();
    assertThat(td.family()).isEqualTo("web");
    assertThat(td.revision()).isEqualTo(1);
    assertThat(td.taskDefinitionArn()).isEqualTo(ARN_PREFIX + "web:1");
    assertThat(td.status()).isEqualTo(TaskDefinitionStatus.ACTIVE);
    assertThat(td.compatibilities()).containsExactly(Compatibility.EC2, Compatibility.EXTERNAL);
    assertThat(td.registeredAt()).isEqualTo(NOW);
    assertThat(td.registeredBy()).isEqualTo("arn:aws:iam::000000000000:root");
    assertThat(td.deregisteredAt()).isNull();
    assertThat(response.tags()).containsExactly(new Tag("team", "blue"));
  }

  @Test
  void storesExactlyWhatItReturnsWithTheTagsBesideIt() {
    RegisterTaskDefinitionResponse response = fx.call("RegisterTaskDefinition",
        TaskDefinitionFixture.simple("web").toBuilder().tags(List.of(new Tag("team", "blue"))).build());

    StoredTaskDefinition stored = fx.stored("web", 1);
    assertThat(stored.taskDefinition()).isEqualTo(response.taskDefinition());
    assertThat(stored.tags()).containsExactly(new Tag("team", "blue"));
    assertThat(fx.family("web")).isEqualTo(new TaskDefinitionFamily("web", 1, 1, 1));
  }

  @Test
  void copiesEveryMemberOfTheRequest() {
    RegisterTaskDefinitionRequest request = JsonCodec.decode("""
        {"family":"full","taskRoleArn":"arn:aws:iam::000000000000:role/task","executionRoleArn":"exec",
         "networkMode":"host","containerDefinitions":[{"name":"a","image":"busybox","memory":32}],
         "volumes":[{"name":"v","host":{"sourcePath":"/data"}}],
         "placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.os-type == linux"}],
         "requiresCompatibilities":["EC2"],"cpu":"512","memory":"1024","pidMode":"task","ipcMode":"none",
         "proxyConfiguration":{"type":"APPMESH","containerName":"a"},
         "inferenceAccelerators":[{"deviceName":"d","deviceType":"t"}],"ephemeralStorage":{"sizeInGiB":30},
         "runtimePlatform":{"operatingSystemFamily":"LINUX","cpuArchitecture":"ARM64"},
         "enableFaultInjection":true}""".getBytes(), RegisterTaskDefinitionRequest.class);

    TaskDefinition td = fx.register(request);

    assertThat(td.taskRoleArn()).isEqualTo(request.taskRoleArn());
    assertThat(td.executionRoleArn()).isEqualTo(request.executionRoleArn());
    assertThat(td.networkMode()).isEqualTo(NetworkMode.HOST);
    assertThat(td.volumes()).isEqualTo(request.volumes());
    assertThat(td.placementConstraints()).isEqualTo(request.placementConstraints());
    assertThat(td.requiresCompatibilities()).isEqualTo(request.requiresCompatibilities());
    assertThat(td.cpu()).isEqualTo("512");
    assertThat(td.memory()).isEqualTo("1024");
    assertThat(td.pidMode()).isEqualTo(request.pidMode());
    assertThat(td.ipcMode()).isEqualTo(request.ipcMode());
    assertThat(td.proxyConfiguration()).isEqualTo(request.proxyConfiguration());
    assertThat(td.inferenceAccelerators()).isEqualTo(request.inferenceAccelerators());
    assertThat(td.ephemeralStorage()).isEqualTo(request.ephemeralStorage());
    assertThat(td.runtimePlatform()).isEqualTo(request.runtimePlatform());
    assertThat(td.enableFaultInjection()).isTrue();
  }

  @Test
  void fillsInContainerDefaultsAsEcsShowsThem() {
    TaskDefinition td = fx.register("web");

    ContainerDefinition c = td.containerDefinitions().getFirst();
    assertThat(c.essential()).isTrue();
    assertThat(c.cpu()).isZero();
    assertThat(c.portMappings()).isEmpty();
    assertThat(c.environment()).isEmpty();
    assertThat(c.mountPoints()).isEmpty();
    assertThat(c.volumesFrom()).isEmpty();
    assertThat(c.systemControls()).isEmpty();
    assertThat(td.volumes()).isEmpty();
    assertThat(td.placementConstraints()).isEmpty();
    assertThat(td.requiresCompatibilities()).isNull();
    assertThat(td.networkMode()).isNull();
  }

  @Test
  void keepsWhatTheUserGaveOverTheDefaults() {
    TaskDefinition td = fx.register(TaskDefinitionFixture.simple("web").toBuilder()
        .containerDefinitions(List.of(ContainerDefinition.builder().name("side").image("busybox").memory(16)
            .essential(false).cpu(128).healthCheck(HealthCheck.builder().command(List.of("CMD", "true"))
                .interval(10).build()).build(),
            ContainerDefinition.builder().name("main").image("busybox").memory(16).build()))
        .build());

    ContainerDefinition c = td.containerDefinitions().getFirst();
    assertThat(c.essential()).isFalse();
    assertThat(c.cpu()).isEqualTo(128);
    assertThat(c.healthCheck()).isEqualTo(HealthCheck.builder().command(List.of("CMD", "true"))
        .interval(10).timeout(5).retries(3).build());
  }

  static Stream<Arguments> portMappings() {
    return Stream.of(
        Arguments.of("bridge without host port gets a dynamic one", NetworkMode.BRIDGE, null, 0),
        Arguments.of("default mode without host port gets a dynamic one", null, null, 0),
        Arguments.of("awsvpc host port equals the container port", NetworkMode.AWSVPC, null, 8080),
        Arguments.of("host mode host port equals the container port", NetworkMode.HOST, null, 8080),
        Arguments.of("a given host port is kept", NetworkMode.BRIDGE, 80, 80));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("portMappings")
  void fillsInPortMappingsByNetworkMode(String name, NetworkMode mode, Integer hostPort, int expectedHostPort) {
    TaskDefinition td = fx.register(TaskDefinitionFixture.simple("web").toBuilder().networkMode(mode)
        .containerDefinitions(List.of(ContainerDefinition.builder().name("web").image("busybox").memory(16)
            .portMappings(List.of(PortMapping.builder().containerPort(8080).hostPort(hostPort).build())).build()))
        .build());

    PortMapping mapping = td.containerDefinitions().getFirst().portMappings().getFirst();
    assertThat(mapping.protocol()).isEqualTo(TransportProtocol.TCP);
    assertThat(mapping.hostPort()).isEqualTo(expectedHostPort);
  }

  @Test
  void leavesHostPortsOfAPortRangeToRunTime() {
    TaskDefinition td = fx.register(TaskDefinitionFixture.simple("web").toBuilder().networkMode(NetworkMode.AWSVPC)
        .containerDefinitions(List.of(ContainerDefinition.builder().name("web").image("busybox").memory(16)
            .portMappings(List.of(PortMapping.builder().containerPortRange("9000-9010")
                .protocol(TransportProtocol.UDP).build())).build()))
        .build());

    PortMapping mapping = td.containerDefinitions().getFirst().portMappings().getFirst();
    assertThat(mapping.hostPort()).isNull();
    assertThat(mapping.protocol()).isEqualTo(TransportProtocol.UDP);
  }

  static Stream<Arguments> taskSizes() {
    return Stream.of(
        Arguments.of("1 vCPU", "2 GB", "1024", "2048"),
        Arguments.of("0.25 vcpu", "0.5GB", "256", "512"),
        Arguments.of("512", "1024", "512", "1024"));
  }

  @ParameterizedTest(name = "cpu {0} and memory {1} are shown as {2} and {3}")
  @MethodSource("taskSizes")
  void convertsTaskSizesWrittenInVcpuAndGigabytes(String cpu, String memory, String shownCpu, String shownMemory) {
    TaskDefinition td = fx.register(TaskDefinitionFixture.simple("web").toBuilder().cpu(cpu).memory(memory).build());

    assertThat(td.cpu()).isEqualTo(shownCpu);
    assertThat(td.memory()).isEqualTo(shownMemory);
  }

  @Test
  void numbersRevisionsOfEachFamilyFromOne() {
    assertThat(fx.register("web").revision()).isEqualTo(1);
    assertThat(fx.register("web").revision()).isEqualTo(2);
    assertThat(fx.register("worker").revision()).isEqualTo(1);
    assertThat(fx.register("web").taskDefinitionArn()).isEqualTo(ARN_PREFIX + "web:3");
  }

  @Test
  void neverReusesARevisionAfterDeregisterAndDelete() {
    fx.register("web");
    fx.register("web");
    fx.deregister("web:2");
    fx.call("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.builder().taskDefinitions(List.of("web:2")).build());

    assertThat(fx.register("web").revision()).isEqualTo(3);
  }

  @Test
  void sixteenConcurrentRegistersOfOneFamilyGetRevisionsOneToSixteenExactlyOnce() throws Exception {
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return fx.register("busy").revision();
        }));
      }
      start.countDown();
      List<Integer> revisions = new ArrayList<>();
      for (Future<Integer> f : futures) {
        revisions.add(f.get());
      }
      Collections.sort(revisions);
      assertThat(revisions).isEqualTo(IntStream.rangeClosed(1, threads).boxed().toList());
    }
    assertThat(fx.family("busy")).isEqualTo(new TaskDefinitionFamily("busy", threads, threads, threads));
  }

  @Test
  void registersTheInventoWindowsExampleTwiceAsRevisionsOneAndTwo() throws IOException {
    Path example = Path.of(System.getProperty("gantry.root"), "..", "shared", "examples", "invento-windows.json");
    RegisterTaskDefinitionRequest request = JsonCodec.decode(Files.readAllBytes(example),
        RegisterTaskDefinitionRequest.class);

    TaskDefinition first = fx.register(request);
    TaskDefinition second = fx.register(request);

    assertThat(first.revision()).isEqualTo(1);
    assertThat(second.revision()).isEqualTo(2);
    assertThat(second.taskDefinitionArn()).isEqualTo(ARN_PREFIX + "invento:2");
    assertThat(second.runtimePlatform()).isEqualTo(request.runtimePlatform());
    assertThat(second.requiresAttributes()).extracting(a -> a.name()).contains(
        "com.amazonaws.ecs.capability.logging-driver.awslogs", "ecs.capability.container-health-check");
    DescribeTaskDefinitionResponse described = fx.call("DescribeTaskDefinition",
        DescribeTaskDefinitionRequest.builder().taskDefinition("invento").include(List.of(TaskDefinitionField.TAGS))
            .build());
    assertThat(described.taskDefinition()).isEqualTo(second);
  }

  static Stream<Arguments> badRequests() {
    RegisterTaskDefinitionRequest ok = TaskDefinitionFixture.simple("web");
    List<Tag> fiftyOne = IntStream.range(0, 51).mapToObj(i -> new Tag("k" + i, "v")).toList();
    return Stream.of(
        Arguments.of("missing family", ok.toBuilder().family(null).build(), ErrorType.ClientException,
            "family: is required"),
        Arguments.of("family with a slash", ok.toBuilder().family("a/b").build(), ErrorType.ClientException,
            "family: 'a/b' is not a valid family name"),
        Arguments.of("no containers", ok.toBuilder().containerDefinitions(List.of()).build(),
            ErrorType.ClientException, "containerDefinitions: is empty"),
        Arguments.of("a null container", ok.toBuilder().containerDefinitions(Arrays.asList(
            (ContainerDefinition) null)).build(), ErrorType.ClientException, "containerDefinitions[0] is null"),
        Arguments.of("51 tags", ok.toBuilder().tags(fiftyOne).build(), ErrorType.InvalidParameterException,
            "tags has 51 entries"),
        Arguments.of("reserved tag prefix", ok.toBuilder().tags(List.of(new Tag("AWS:owner", "x"))).build(),
            ErrorType.InvalidParameterException, "tags[0].key 'AWS:owner' starts with 'aws:'"),
        Arguments.of("empty tag key", ok.toBuilder().tags(List.of(new Tag("", "x"))).build(),
            ErrorType.InvalidParameterException, "tags[0].key '' is 0 characters long; it must be 1 to 128"),
        Arguments.of("long tag value", ok.toBuilder().tags(List.of(new Tag("k", "v".repeat(257)))).build(),
            ErrorType.InvalidParameterException, "tags[0].value"),
        Arguments.of("tag key with a bad character", ok.toBuilder().tags(List.of(new Tag("a#b", "x"))).build(),
            ErrorType.InvalidParameterException, "tags[0].key 'a#b' contains a character that is not allowed"),
        Arguments.of("duplicate tag keys", ok.toBuilder().tags(List.of(new Tag("k", "1"), new Tag("k", "2"))).build(),
            ErrorType.InvalidParameterException, "tags[1].key 'k' appears more than once"),
        Arguments.of("eleven placement constraints", ok.toBuilder().placementConstraints(
            Collections.nCopies(11, memberOf("attribute:a exists"))).build(), ErrorType.InvalidParameterException,
            "placementConstraints has 11 entries; a task definition can have at most 10"),
        Arguments.of("a memberOf without an expression", ok.toBuilder().placementConstraints(List.of(memberOf(null)))
            .build(), ErrorType.InvalidParameterException, "placementConstraints[0].expression is required for memberOf"),
        Arguments.of("a memberOf longer than 2000 characters", ok.toBuilder().placementConstraints(List.of(
            memberOf("attribute:a == " + "x".repeat(1990)))).build(), ErrorType.InvalidParameterException,
            "1 to 2000 characters"),
        Arguments.of("a malformed memberOf expression", ok.toBuilder().placementConstraints(List.of(
            memberOf("attribute:a exists"), memberOf("attribute:ecs.instance-type =~ 't2.('"))).build(),
            ErrorType.InvalidParameterException, "placementConstraints[1].expression 'attribute:ecs.instance-type =~ "
            + "'t2.('' is not a valid cluster query: at position 32: expected a Java regular expression"));
  }

  private static dev.gantry.model.TaskDefinitionPlacementConstraint memberOf(String expression) {
    return dev.gantry.model.TaskDefinitionPlacementConstraint.builder()
        .type(dev.gantry.model.TaskDefinitionPlacementConstraintType.MEMBEROF).expression(expression).build();
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("badRequests")
  void rejectsBadRequestsWithoutStoringAnything(String name, RegisterTaskDefinitionRequest request, ErrorType type,
      String message) {
    assertThatThrownBy(() -> fx.register(request))
        .isInstanceOfSatisfying(EcsException.class, e -> assertThat(e.type()).isEqualTo(type))
        .hasMessageContaining(message);
    assertThat(fx.store.revision()).isZero();
  }

  @Test
  void acceptsFiftyTagsWithEmptyValues() {
    List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> new Tag("key " + i, "")).toList();

    RegisterTaskDefinitionResponse response = fx.call("RegisterTaskDefinition",
        TaskDefinitionFixture.simple("web").toBuilder().tags(fifty).build());

    assertThat(response.tags()).hasSize(50);
  }

  @Test
  void listsEveryValidationViolationAsFieldAndMessage() {
    String message = RegisterTaskDefinitionHandler.violationsMessage(List.of(
        new Violation("containerDefinitions[0].links", "links are not supported on Windows"),
        new Violation("cpu", "task-level cpu is not supported on Windows")));

    assertThat(message).isEqualTo("containerDefinitions[0].links: links are not supported on Windows; "
        + "cpu: task-level cpu is not supported on Windows");
  }
}
