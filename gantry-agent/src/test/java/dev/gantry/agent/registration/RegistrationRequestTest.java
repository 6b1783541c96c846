package dev.gantry.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.config.HostFacts;
import dev.gantry.agent.docker.ApiVersion;
import dev.gantry.agent.docker.DockerInfo;
import dev.gantry.agent.docker.DockerVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.RegisterContainerInstanceRequest;
import software.amazon.awssdk.services.ecs.model.Resource;

class RegistrationRequestTest {
  static final DockerInfo HOST = new DockerInfo("linux", "Debian GNU/Linux 12", "6.1.0", 2, 4096L * 1024 * 1024,
      "27.5.1", "x86_64", List.of("json-file", "none"), Optional.empty());
  static final DockerVersion VERSION = new DockerVersion("27.5.1", new ApiVersion(1, 47), new ApiVersion(1, 24));
  static final AgentVersion AGENT = new AgentVersion("0.1.0", "abc1234");

  static AgentConfig config(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("GANTRY_ACCESS_KEY_ID", "AKID", "GANTRY_SECRET_ACCESS_KEY", "s"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return AgentConfig.parse(env, HostFacts.linux("box"));
  }

  private static Map<String, Resource> byName(List<Resource> resources) {
    Map<String, Resource> m = new HashMap<>();
    resources.forEach(r -> m.put(r.name(), r));
    return m;
  }

  @Test
  void resourcesAreCoresTimes1024MemoryLessReservedAndTheReservedPorts() {
    Map<String, Resource> r = byName(Registration.resources(config("ECS_RESERVED_MEMORY", "96",
        "ECS_RESERVED_PORTS_UDP", "[161]"), HOST));
    assertThat(r.get("CPU").integerValue()).isEqualTo(2048);
    assertThat(r.get("MEMORY").integerValue()).isEqualTo(4000);
    assertThat(r.get("PORTS").stringSetValue()).containsExactly("22", "2375", "2376", "51678", "51679");
    assertThat(r.get("PORTS_UDP").stringSetValue()).containsExactly("161");
    assertThat(r.values()).extracting(Resource::type).containsOnly("INTEGER", "STRINGSET");
  }

  @Test
  void statedCpuAndMemoryStandInForTheHosts() {
    Map<String, Resource> r = byName(Registration.resources(config("GANTRY_INSTANCE_CPU", "512",
        "GANTRY_INSTANCE_MEMORY", "1024", "ECS_RESERVED_MEMORY", "24"), HOST));
    assertThat(r.get("CPU").integerValue()).isEqualTo(512);
    assertThat(r.get("MEMORY").integerValue()).isEqualTo(1000);
  }

  @Test
  void reservingAllTheHostsMemoryIsRefusedByName() {
    assertThatThrownBy(() -> Registration.resources(config("ECS_RESERVED_MEMORY", "4096"), HOST))
        .hasMessageContaining("ECS_RESERVED_MEMORY is 4096 MiB").hasMessageContaining("4096 MiB");
  }

  @Test
  void attributesAreHostFactsZoneTypeAndCustomOnes() {
    List<Attribute> attributes = Registration.attributes(config("GANTRY_AVAILABILITY_ZONE", "lab-a",
        "GANTRY_INSTANCE_TYPE", "pi.small", "ECS_INSTANCE_ATTRIBUTES", "{\"stack\": \"prod\"}"), HOST, VERSION);
    assertThat(attributes).extracting(Attribute::name).startsWith("ecs.os-type", "ecs.os-family",
        "ecs.cpu-architecture").contains("ecs.capability.container-health-check").endsWith("ecs.availability-zone",
        "ecs.instance-type", "stack").doesNotHaveDuplicates();
    assertThat(attributes).contains(Attribute.builder().name("ecs.availability-zone").value("lab-a").build(),
        Attribute.builder().name("ecs.instance-type").value("pi.small").build(),
        Attribute.builder().name("stack").value("prod").build(),
        Attribute.builder().name("ecs.os-family").value("LINUX").build());
  }

  @Test
  void attributesTellPlacementTheDynamicPortRange() {
    List<Attribute> attributes = Registration.attributes(config("ECS_DYNAMIC_HOST_PORT_RANGE", "50000-50099"), HOST,
        VERSION);
    assertThat(attributes).contains(Attribute.builder().name("gantry.dynamic-host-port-range").value("50000-50099")
        .build());
    assertThat(attributes).extracting(Attribute::name).as("the Windows memory workaround is for Windows hosts only")
        .doesNotContain("gantry.capability.windows-memory-unbounded-workaround");
  }

  @Test
  void attributesTellTheSchedulerTheDefaultContainerStopTimeoutInSeconds() {
    assertThat(Registration.attributes(config(), HOST, VERSION))
        .contains(Attribute.builder().name("gantry.container-stop-timeout").value("30").build());
    assertThat(Registration.attributes(config("ECS_CONTAINER_STOP_TIMEOUT", "2m"), HOST, VERSION))
        .contains(Attribute.builder().name("gantry.container-stop-timeout").value("120").build());
  }

  @Test
  void anOperatorAttributeCannotMisstateTheStopTimeoutFencingReliesOn() {
    List<Attribute> attributes = Registration.attributes(config("ECS_CONTAINER_STOP_TIMEOUT", "45s",
        "ECS_INSTANCE_ATTRIBUTES", "{\"gantry.container-stop-timeout\": \"5\"}"), HOST, VERSION);
    assertThat(attributes).filteredOn(a -> a.name().equals("gantry.container-stop-timeout"))
        .extracting(Attribute::value).containsExactly("45");
  }

  @Test
  void aWindowsAgentWithTheMemoryWorkaroundSaysSoForPlacement() {
    DockerInfo windows = new DockerInfo("windows", "Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2340)",
        "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)", 2, 4096L * 1024 * 1024, "25.0.3", "x86_64",
        List.of("json-file"), Optional.of("process"));
    List<Attribute> attributes = Registration.attributes(config("ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND",
        "true"), windows, VERSION);
    assertThat(attributes).extracting(Attribute::name).contains("gantry.capability.windows-memory-unbounded-workaround");
  }

  @Test
  void requestCarriesIdentityVersionsAndTheSavedArn() throws Exception {
    RegisterContainerInstanceRequest request = Registration.request(config("ECS_CLUSTER", "lab",
        "GANTRY_INSTANCE_ID", "host-a", "GANTRY_AVAILABILITY_ZONE", "lab-a", "AWS_REGION", "eu-west-1"), HOST, VERSION,
        AGENT, Optional.of("arn:aws:ecs:eu-west-1:000000000000:container-instance/lab/abc"));
    assertThat(request.cluster()).isEqualTo("lab");
    assertThat(request.containerInstanceArn()).isEqualTo("arn:aws:ecs:eu-west-1:000000000000:container-instance/lab/abc");
    assertThat(request.versionInfo().agentVersion()).isEqualTo("0.1.0");
    assertThat(request.versionInfo().agentHash()).isEqualTo("abc1234");
    assertThat(request.versionInfo().dockerVersion()).isEqualTo("DockerVersion: 27.5.1");
    JsonNode doc = new ObjectMapper().readTree(request.instanceIdentityDocument());
    assertThat(doc.path("instanceId").asText()).isEqualTo("host-a");
    assertThat(doc.path("availabilityZone").asText()).isEqualTo("lab-a");
    assertThat(doc.path("region").asText()).isEqualTo("eu-west-1");
    assertThat(doc.has("instanceType")).isFalse();
  }
}
