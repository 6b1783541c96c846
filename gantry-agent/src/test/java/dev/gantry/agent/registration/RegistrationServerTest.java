package dev.gantry.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.config.HostFacts;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.testkit.ValidatingEcsClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Resource;

/** Registration against a real Gantry server in-process, through the real AWS SDK. */
class RegistrationServerTest {
  private static final String KEY = "AKIAAGENTTEST0000001";
  private static final String SECRET = "agent-test-secret-0123456789";

  @TempDir
  Path dir;
  private GantryServer server;
  private ValidatingEcsClient client;

  @BeforeEach
  void startServer() {
    server = GantryServer.start(new ServerConfig(new InetSocketAddress("127.0.0.1", 0), dir.resolve("server"),
        "us-east-1", "000000000000", KEY, SECRET));
    client = ValidatingEcsClient.create(server.endpoint(), KEY, SECRET);
  }

  @AfterEach
  void stopServer() {
    try {
      client.assertNoProblems();
    } finally {
      client.close();
      server.close();
    }
  }

  private AgentConfig config(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("GANTRY_ACCESS_KEY_ID", KEY, "GANTRY_SECRET_ACCESS_KEY", SECRET,
        "GANTRY_SERVER", server.endpoint().toString(), "ECS_DATADIR", dir.resolve("agent").toString()));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return AgentConfig.parse(env, HostFacts.linux("box"));
  }

  private ContainerInstance register(AgentConfig config) {
    return new Registration(config, client.ecs(), RegistrationRequestTest.AGENT)
        .register(RegistrationRequestTest.HOST, RegistrationRequestTest.VERSION);
  }

  private ContainerInstance describe(String cluster, String arn) {
    return client.ecs().describeContainerInstances(b -> b.cluster(cluster).containerInstances(arn))
        .containerInstances().get(0);
  }

  private static Map<String, Resource> resources(ContainerInstance ci) {
    return ci.registeredResources().stream().collect(Collectors.toMap(Resource::name, Function.identity()));
  }

  private static Map<String, String> attributes(ContainerInstance ci) {
    Map<String, String> m = new HashMap<>();
    for (Attribute a : ci.attributes()) {
      m.put(a.name(), a.value());
    }
    return m;
  }

  @Test
  void registersWithResourcesAttributesAndVersions() {
    client.ecs().createCluster(b -> b.clusterName("lab"));
    AgentConfig config = config("ECS_CLUSTER", "lab", "GANTRY_INSTANCE_ID", "host-a", "GANTRY_AVAILABILITY_ZONE",
        "lab-a", "GANTRY_INSTANCE_TYPE", "box.medium", "ECS_RESERVED_MEMORY", "96",
        "ECS_INSTANCE_ATTRIBUTES", "{\"stack\": \"prod\"}");
    ContainerInstance registered = register(config);

    assertThat(registered.containerInstanceArn()).matches(
        "arn:aws:ecs:us-east-1:000000000000:container-instance/lab/[0-9a-f]{32}");
    ContainerInstance ci = describe("lab", registered.containerInstanceArn());
    assertThat(ci.ec2InstanceId()).isEqualTo("host-a");
    assertThat(ci.status()).isEqualTo("ACTIVE");
    assertThat(ci.agentConnected()).isTrue();
    assertThat(resources(ci).get("CPU").integerValue()).isEqualTo(2048);
    assertThat(resources(ci).get("MEMORY").integerValue()).isEqualTo(4000);
    assertThat(resources(ci).get("PORTS").stringSetValue()).containsExactlyInAnyOrder("22", "2375", "2376", "51678",
        "51679");
    assertThat(resources(ci).get("PORTS_UDP").stringSetValue()).isEmpty();
    assertThat(attributes(ci)).containsEntry("ecs.os-type", "linux").containsEntry("ecs.os-family", "LINUX")
        .containsEntry("ecs.cpu-architecture", "x86_64").containsEntry("ecs.availability-zone", "lab-a")
        .containsEntry("ecs.instance-type", "box.medium").containsEntry("stack", "prod")
        .containsKey("ecs.capability.container-ordering")
        .containsKey("com.amazonaws.ecs.capability.docker-remote-api.1.47");
    assertThat(ci.versionInfo().agentVersion()).isEqualTo("0.1.0");
    assertThat(ci.versionInfo().agentHash()).isEqualTo("abc1234");
    assertThat(ci.versionInfo().dockerVersion()).isEqualTo("DockerVersion: 27.5.1");
    assertThat(new RegistrationState(config.dataDir(), "lab", "host-a").containerInstanceArn())
        .contains(registered.containerInstanceArn());
  }

  @Test
  void aRestartedAgentRegistersTheSameContainerInstance() {
    AgentConfig config = config("GANTRY_INSTANCE_ID", "host-a");
    ContainerInstance first = register(config);
    ContainerInstance again = register(config("GANTRY_INSTANCE_ID", "host-a", "GANTRY_INSTANCE_MEMORY", "2048"));

    assertThat(again.containerInstanceArn()).isEqualTo(first.containerInstanceArn());
    assertThat(again.version()).isEqualTo(first.version() + 1);
    assertThat(resources(describe("default", first.containerInstanceArn())).get("MEMORY").integerValue())
        .isEqualTo(2048);
    assertThat(client.ecs().listContainerInstances(b -> b.cluster("default")).containerInstanceArns())
        .containsExactly(first.containerInstanceArn());
  }

  @Test
  void severalAgentsOnOneMachineAreSeveralInstances() {
    String a = register(config("GANTRY_INSTANCE_ID", "host-a", "GANTRY_AVAILABILITY_ZONE", "z1")).containerInstanceArn();
    String b = register(config("GANTRY_INSTANCE_ID", "host-b", "GANTRY_AVAILABILITY_ZONE", "z2")).containerInstanceArn();
    assertThat(a).isNotEqualTo(b);
    assertThat(attributes(describe("default", b))).containsEntry("ecs.availability-zone", "z2");
    assertThat(register(config("GANTRY_INSTANCE_ID", "host-a")).containerInstanceArn()).isEqualTo(a);
  }

  @Test
  void theDefaultClusterIsCreatedWhenMissingButANamedOneIsNot() {
    assertThat(register(config()).containerInstanceArn()).contains("container-instance/default/");
    assertThatThrownBy(() -> register(config("ECS_CLUSTER", "nosuch")))
        .hasMessageContaining("nosuch");
  }

  @Test
  void anArnTheServerNoLongerKnowsIsDroppedAndTheHostRegistersAfresh() throws Exception {
    AgentConfig config = config("GANTRY_INSTANCE_ID", "host-a");
    RegistrationState state = new RegistrationState(config.dataDir(), "default", "host-a");
    String stale = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/0123456789abcdef0123456789abcdef";
    client.ecs().createCluster(b -> b.clusterName("default"));
    state.save(stale);
    String fresh = register(config).containerInstanceArn();
    assertThat(fresh).isNotEqualTo(stale);
    assertThat(state.containerInstanceArn()).contains(fresh);
  }

  @Test
  void aDeregisteredInstanceStaysGoneAndTheErrorNamesTheStateFile() {
    AgentConfig config = config("GANTRY_INSTANCE_ID", "host-a");
    String arn = register(config).containerInstanceArn();
    client.ecs().deregisterContainerInstance(b -> b.cluster("default").containerInstance(arn).force(true));
    Path stateFile = new RegistrationState(config.dataDir(), "default", "host-a").file();
    assertThatThrownBy(() -> register(config)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(arn).hasMessageContaining("deregistered").hasMessageContaining(stateFile.toString());
    assertThat(Files.exists(stateFile)).isTrue();
  }

  @Test
  void theAgentsOwnSdkClientRegistersTheRealDockerHost() {
    assumeFalse("1".equals(System.getenv("GANTRY_SKIP_DOCKER")), "GANTRY_SKIP_DOCKER=1");
    AgentConfig config = config("GANTRY_INSTANCE_ID", "real-host");
    try (EcsClient ecs = GantryEcsClient.create(config);
        DockerEngineClient docker = DockerEngineClient.connect(config.dockerHost())) {
      var info = docker.info();
      ContainerInstance ci = new Registration(config, ecs, RegistrationRequestTest.AGENT)
          .register(info, docker.version());
      assertThat(resources(ci).get("CPU").integerValue()).isEqualTo(info.ncpu() * 1024);
      assertThat(resources(ci).get("MEMORY").integerValue()).isEqualTo((int) info.memTotalMiB());
      assertThat(attributes(ci)).containsEntry("ecs.os-family", "LINUX");
      assertThat(ci.versionInfo().dockerVersion()).isEqualTo("DockerVersion: " + info.serverVersion());
      assertThat(List.of(ci.containerInstanceArn())).allMatch(a -> a.contains("container-instance/default/"));
    }
  }
}
