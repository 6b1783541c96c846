package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.ARN_PREFIX;
import static dev.gantry.server.ops.ClusterOpsFixture.NOW;
import static dev.gantry.server.ops.ClusterOpsFixture.ecsError;
import static dev.gantry.server.ops.ClusterOpsFixture.integer;
import static dev.gantry.server.ops.ClusterOpsFixture.registration;
import static dev.gantry.server.ops.ClusterOpsFixture.stringSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DeleteClusterRequest;
import dev.gantry.model.DeregisterContainerInstanceRequest;
import dev.gantry.model.PlatformDevice;
import dev.gantry.model.PlatformDeviceType;
import dev.gantry.model.PutAttributesRequest;
import dev.gantry.model.RegisterContainerInstanceRequest;
import dev.gantry.model.RegisterContainerInstanceResponse;
import dev.gantry.model.Resource;
import dev.gantry.model.Tag;
import dev.gantry.model.UpdateContainerInstancesStateRequest;
import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerInstanceRegistrationTest {
  private final ClusterOpsFixture f = new ClusterOpsFixture();

  @BeforeEach
  void cluster() {
    f.createCluster("web");
  }

  private ContainerInstance register(RegisterContainerInstanceRequest request) {
    RegisterContainerInstanceResponse r = f.call("RegisterContainerInstance", request);
    return r.containerInstance();
  }

  private ContainerInstance registerAs(Principal principal, RegisterContainerInstanceRequest request) {
    RegisterContainerInstanceResponse r = f.callAs(principal, "RegisterContainerInstance", request);
    return r.containerInstance();
  }

  @Test
  void isAnAgentOperation() {
    assertThat(f.operation("RegisterContainerInstance").access()).isEqualTo(Operation.Access.AGENT);
    assertThat(f.operation("DeregisterContainerInstance").access()).isEqualTo(Operation.Access.USER);
  }

  @Test
  void registersANewInstanceAsECSDescribesIt() {
    ContainerInstance ci = f.register("web", "host-1");

    assertThat(ci.containerInstanceArn()).matches(ARN_PREFIX.replace(".", "\\.") + "container-instance/web/[0-9a-f]{32}");
    assertThat(ci.ec2InstanceId()).isEqualTo("host-1");
    assertThat(ci.version()).isEqualTo(1L);
    assertThat(ci.status()).isEqualTo("ACTIVE");
    assertThat(ci.agentConnected()).isTrue();
    assertThat(ci.runningTasksCount()).isZero();
    assertThat(ci.pendingTasksCount()).isZero();
    assertThat(ci.registeredAt()).isEqualTo(NOW);
    assertThat(ci.attachments()).isEmpty();
    assertThat(ci.versionInfo().agentVersion()).isEqualTo("0.1.0");
    assertThat(ci.registeredResources()).extracting(Resource::name)
        .containsExactly("CPU", "MEMORY", "PORTS", "PORTS_UDP");
    assertThat(ci.registeredResources().getFirst()).isEqualTo(Resource.builder().name("CPU").type("INTEGER")
        .integerValue(2048).longValue(0L).doubleValue(0.0).build());
    assertThat(ci.registeredResources().get(2).stringSetValue()).isEmpty();
    assertThat(ci.remainingResources()).isEqualTo(ci.registeredResources());
    assertThat(ci.attributes()).contains(
        Attribute.builder().name("ecs.availability-zone").value("rack-1").build(),
        Attribute.builder().name("ecs.instance-type").value("box.large").build());
  }

  @Test
  void keepsTheAttributesTheAgentSendsAndLetsTheIdentityDocumentWin() {
    ContainerInstance ci = register(registration("web", "host-1").attributes(List.of(
        Attribute.builder().name("ecs.os-type").value("windows").build(),
        Attribute.builder().name("ecs.instance-type").value("agent-guess").build(),
        Attribute.builder().name("com.amazonaws.ecs.capability.logging-driver.json-file").build(),
        Attribute.builder().name("purpose").value("build").build())).build());

    assertThat(ci.attributes()).extracting(Attribute::name).containsExactlyInAnyOrder("ecs.os-type",
        "com.amazonaws.ecs.capability.logging-driver.json-file", "purpose", "ecs.availability-zone",
        "ecs.instance-type");
    assertThat(ci.attributes()).contains(Attribute.builder().name("ecs.instance-type").value("box.large").build());
  }

  @Test
  void registeringTheSameHostAgainUpdatesTheSameInstance() {
    ContainerInstance first = f.register("web", "host-1");
    f.call("PutAttributes", PutAttributesRequest.builder().cluster("web").attributes(List.of(Attribute.builder()
        .name("stack").value("prod").targetId(first.containerInstanceArn()).build())).build());
    f.call("UpdateContainerInstancesState", UpdateContainerInstancesStateRequest.builder().cluster("web")
        .containerInstances(List.of(first.containerInstanceArn())).status(ContainerInstanceStatus.DRAINING).build());

    ContainerInstance again = register(registration("web", "host-1")
        .totalResources(List.of(integer("CPU", 4096), integer("MEMORY", 8000))).build());

    assertThat(again.containerInstanceArn()).isEqualTo(first.containerInstanceArn());
    assertThat(again.version()).isEqualTo(4L);
    assertThat(again.registeredAt()).isEqualTo(first.registeredAt());
    assertThat(again.status()).isEqualTo("DRAINING");
    assertThat(again.registeredResources().getFirst().integerValue()).isEqualTo(4096);
    assertThat(again.attributes()).contains(Attribute.builder().name("stack").value("prod").build());
  }

  @Test
  void registeringWithTheContainerInstanceArnUpdatesThatInstance() {
    ContainerInstance first = register(registration("web", "host-1").instanceIdentityDocument(null).build());

    ContainerInstance again = register(registration("web", "host-1").instanceIdentityDocument(null)
        .containerInstanceArn(first.containerInstanceArn()).build());

    assertThat(again.containerInstanceArn()).isEqualTo(first.containerInstanceArn());
    assertThat(again.version()).isEqualTo(2L);
  }

  @Test
  void differentHostsGetDifferentInstances() {
    assertThat(f.register("web", "host-1").containerInstanceArn())
        .isNotEqualTo(f.register("web", "host-2").containerInstanceArn());
  }

  @Test
  void aDeregisteredInstanceCannotRegisterAgainByArn() {
    ContainerInstance ci = f.register("web", "host-1");
    f.call("DeregisterContainerInstance", DeregisterContainerInstanceRequest.builder().cluster("web")
        .containerInstance(ci.containerInstanceArn()).build());

    var e = ecsError(ErrorType.ClientException, () -> register(registration("web", "host-1")
        .containerInstanceArn(ci.containerInstanceArn()).build()));

    assertThat(e.getMessage()).contains("deregistered");
  }

  @Test
  void aDeregisteredHostRegistersAsANewInstance() {
    ContainerInstance ci = f.register("web", "host-1");
    f.call("DeregisterContainerInstance", DeregisterContainerInstanceRequest.builder().cluster("web")
        .containerInstance(ci.containerInstanceArn()).build());

    assertThat(f.register("web", "host-1").containerInstanceArn()).isNotEqualTo(ci.containerInstanceArn());
  }

  @Test
  void anAgentRegistersItsOwnInstanceUnderItsOwnId() {
    var agent = new Principal.Agent("AKIDAGENT", "web", "0123456789abcdef0123456789abcdef");

    ContainerInstance ci = registerAs(agent, registration("web", "host-1").build());
    ContainerInstance again = registerAs(agent, registration("web", "host-1").build());

    assertThat(ci.containerInstanceArn()).isEqualTo(ARN_PREFIX + "container-instance/web/"
        + "0123456789abcdef0123456789abcdef");
    assertThat(again.version()).isEqualTo(2L);
  }

  static Stream<Arguments> agentOverreach() {
    String own = "0123456789abcdef0123456789abcdef";
    return Stream.of(
        Arguments.of("another cluster", new Principal.Agent("AK", "other", own), registration("web", "host-9")),
        Arguments.of("another instance's ARN", new Principal.Agent("AK", "web", own),
            registration("web", "host-9").containerInstanceArn(ARN_PREFIX + "container-instance/web/ffff")),
        Arguments.of("a host registered as another instance", new Principal.Agent("AK", "web", own),
            registration("web", "host-1")),
        Arguments.of("no bound instance", new Principal.Agent("AK", "web", ""), registration("web", "host-9")));
  }

  @ParameterizedTest(name = "an agent may not register {0}")
  @MethodSource("agentOverreach")
  void agentsMayRegisterOnlyTheirOwnInstance(String what, Principal.Agent agent,
      RegisterContainerInstanceRequest.Builder request) {
    f.createCluster("other");
    f.register("web", "host-1");

    ecsError(ErrorType.AccessDeniedException, () -> registerAs(agent, request.build()));
  }

  @Test
  void registeringIntoAnUnknownClusterIsClusterNotFound() {
    ecsError(ErrorType.ClusterNotFoundException, () -> f.register("ghost", "host-1"));
  }

  @Test
  void registeringIntoADeletedClusterIsAClientError() {
    f.createCluster("old");
    f.call("DeleteCluster", DeleteClusterRequest.builder().cluster("old").build());

    var e = ecsError(ErrorType.ClientException, () -> f.register("old", "host-1"));

    assertThat(e.getMessage()).contains("INACTIVE");
  }

  static Stream<Arguments> invalidRegistrations() {
    return Stream.of(
        Arguments.of("no resources", registration("web", "h").totalResources(null), "totalResources is required"),
        Arguments.of("no MEMORY", registration("web", "h").totalResources(List.of(integer("CPU", 1024))),
            "no MEMORY"),
        Arguments.of("CPU as a string set", registration("web", "h").totalResources(List.of(stringSet("CPU", "1"),
            integer("MEMORY", 1))), "must have type INTEGER"),
        Arguments.of("zero CPU", registration("web", "h").totalResources(List.of(integer("CPU", 0),
            integer("MEMORY", 1))), "CPU must be greater than 0"),
        Arguments.of("a port that is not a number", registration("web", "h").totalResources(List.of(
            integer("CPU", 1), integer("MEMORY", 1), stringSet("PORTS", "22", "ssh"))), "'ssh'"),
        Arguments.of("a resource twice", registration("web", "h").totalResources(List.of(integer("CPU", 1),
            integer("CPU", 2), integer("MEMORY", 1))), "more than once"),
        Arguments.of("an unknown resource type", registration("web", "h").totalResources(List.of(integer("CPU", 1),
            integer("MEMORY", 1), Resource.builder().name("DISK").type("BYTES").build())), "'BYTES'"),
        Arguments.of("an identity document that is not JSON", registration("web", "h")
            .instanceIdentityDocument("{not json"), "instanceIdentityDocument is not valid JSON"),
        Arguments.of("an identity document without instanceId", registration("web", "h")
            .instanceIdentityDocument("{\"region\":\"eu-west-1\"}"), "has no instanceId"),
        Arguments.of("an identity document with a numeric instanceType", registration("web", "h")
            .instanceIdentityDocument("{\"instanceId\":\"h\",\"instanceType\":3}"), "instanceType must be a string"),
        Arguments.of("an attribute name with a space", registration("web", "h").attributes(List.of(
            Attribute.builder().name("my attr").build())), "'my attr'"),
        Arguments.of("an attribute value ending in a space", registration("web", "h").attributes(List.of(
            Attribute.builder().name("a").value("b ").build())), "'b '"),
        Arguments.of("a platform device without id", registration("web", "h").platformDevices(List.of(
            PlatformDevice.builder().type(PlatformDeviceType.GPU).build())), "platformDevices"),
        Arguments.of("a reserved tag", registration("web", "h").tags(List.of(Tag.builder().key("aws:x").value("y")
            .build())), "aws:"),
        Arguments.of("a malformed containerInstanceArn", registration("web", "h")
            .containerInstanceArn("arn:aws:ecs:eu-west-1:123456789012:task/web/abc"), "containerInstanceArn"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("invalidRegistrations")
  void rejectsInvalidRegistrations(String why, RegisterContainerInstanceRequest.Builder request, String messagePart) {
    var e = ecsError(ErrorType.InvalidParameterException, () -> register(request.build()));

    assertThat(e.getMessage()).contains(messagePart);
  }

  @Test
  void platformGpusBecomeAGpuResource() {
    ContainerInstance ci = register(registration("web", "gpu-host").platformDevices(List.of(
        PlatformDevice.builder().id("GPU-0").type(PlatformDeviceType.GPU).build(),
        PlatformDevice.builder().id("GPU-1").type(PlatformDeviceType.GPU).build())).build());

    assertThat(ci.registeredResources()).contains(stringSetResource("GPU", "GPU-0", "GPU-1"));
  }

  private static Resource stringSetResource(String name, String... values) {
    return Resource.builder().name(name).type("STRINGSET").integerValue(0).longValue(0L).doubleValue(0.0)
        .stringSetValue(List.of(values)).build();
  }
}
