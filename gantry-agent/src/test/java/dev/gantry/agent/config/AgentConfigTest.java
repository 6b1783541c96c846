package dev.gantry.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigTest {
  private static final HostFacts LINUX = new HostFacts(HostOs.LINUX, Optional.of("32768\t60999"),
      Optional.of("0123456789abcdef0123456789abcdef"), "box1", Optional.empty());
  private static final HostFacts WINDOWS = new HostFacts(HostOs.WINDOWS, Optional.empty(), Optional.of("guid-1"),
      "WINBOX", Optional.of("Server Core"));

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("GANTRY_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("GANTRY_SECRET_ACCESS_KEY", "s3cr3t-value");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void linuxDefaultsAreTheEcsAgentsDefaults() {
    AgentConfig c = AgentConfig.parse(env(), LINUX);
    assertThat(c.cluster()).isEqualTo("default");
    assertThat(c.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/ecs/data"));
    assertThat(c.reservedMemory()).isZero();
    assertThat(c.reservedPorts()).containsExactly(22, 2375, 2376, 51678, 51679);
    assertThat(c.reservedPortsUdp()).isEmpty();
    assertThat(c.imagePullBehavior()).isEqualTo(ImagePullBehavior.DEFAULT);
    assertThat(c.containerStopTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.containerStartTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(c.taskCleanupWaitDuration()).isEqualTo(Duration.ofHours(3));
    assertThat(c.instanceAttributes()).isEmpty();
    assertThat(c.dynamicHostPortRange()).isEqualTo(new PortRange(32768, 60999));
    assertThat(c.memoryUnboundedWindowsWorkaround()).isFalse();
    assertThat(c.cpuUnboundedWindowsWorkaround()).isFalse();
    assertThat(c.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(c.server()).isEqualTo(URI.create("http://127.0.0.1:7777"));
    assertThat(c.region()).isEqualTo("us-east-1");
    assertThat(c.instanceId()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(c.availabilityZone()).isEmpty();
    assertThat(c.instanceType()).isEmpty();
    assertThat(c.instanceCpu()).isEmpty();
    assertThat(c.instanceMemory()).isEmpty();
  }

  @Test
  void windowsDefaultsDifferWhereTheEcsAgentsDo() {
    AgentConfig c = AgentConfig.parse(env(), WINDOWS);
    assertThat(c.dockerHost()).isEqualTo("npipe:////./pipe/docker_engine");
    assertThat(c.dataDir().toString()).isEqualTo("C:\\ProgramData\\Amazon\\ECS\\data");
    assertThat(c.reservedPorts()).containsExactly(53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678, 51679);
    assertThat(c.containerStartTimeout()).isEqualTo(Duration.ofMinutes(8));
    assertThat(c.dynamicHostPortRange()).isEqualTo(new PortRange(49152, 65535));
    assertThat(c.containerStopTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.taskCleanupWaitDuration()).isEqualTo(Duration.ofHours(3));
    assertThat(c.instanceId()).isEqualTo("guid-1");
  }

  @Test
  void linuxPortRangeFallsBackToEcsDefaultWhenTheKernelValueIsUnreadable() {
    HostFacts unreadable = new HostFacts(HostOs.LINUX, Optional.of("garbage"), Optional.empty(), "box", Optional.empty());
    assertThat(AgentConfig.parse(env(), unreadable).dynamicHostPortRange()).isEqualTo(new PortRange(49153, 65535));
    assertThat(AgentConfig.parse(env(), HostFacts.linux("box")).dynamicHostPortRange())
        .isEqualTo(new PortRange(49153, 65535));
  }

  @Test
  void instanceIdFallsBackToTheHostNameWithoutAMachineId() {
    assertThat(AgentConfig.parse(env(), HostFacts.linux("box7")).instanceId()).isEqualTo("box7");
  }

  static Stream<Arguments> validValues() {
    return Stream.of(
        valid("ECS_CLUSTER", "prod-1_a", AgentConfig::cluster, "prod-1_a"),
        valid("ECS_CLUSTER", "arn:aws:ecs:us-east-1:000000000000:cluster/prod", AgentConfig::cluster,
            "arn:aws:ecs:us-east-1:000000000000:cluster/prod"),
        valid("DOCKER_HOST", "unix:///run/user/1000/docker.sock", AgentConfig::dockerHost,
            "unix:///run/user/1000/docker.sock"),
        valid("DOCKER_HOST", "tcp://10.0.0.5:2375", AgentConfig::dockerHost, "tcp://10.0.0.5:2375"),
        valid("DOCKER_HOST", "npipe:////./pipe/docker_engine", AgentConfig::dockerHost, "npipe:////./pipe/docker_engine"),
        valid("ECS_DATADIR", "/srv/gantry/agent1", AgentConfig::dataDir, Path.of("/srv/gantry/agent1")),
        valid("ECS_RESERVED_MEMORY", "256", AgentConfig::reservedMemory, 256),
        valid("ECS_RESERVED_PORTS", "[22, 80, 80, 443]", AgentConfig::reservedPorts, List.of(22, 80, 443)),
        valid("ECS_RESERVED_PORTS", "[]", AgentConfig::reservedPorts, List.of()),
        valid("ECS_RESERVED_PORTS_UDP", "[53, 161]", AgentConfig::reservedPortsUdp, List.of(53, 161)),
        valid("ECS_IMAGE_PULL_BEHAVIOR", "always", AgentConfig::imagePullBehavior, ImagePullBehavior.ALWAYS),
        valid("ECS_IMAGE_PULL_BEHAVIOR", "once", AgentConfig::imagePullBehavior, ImagePullBehavior.ONCE),
        valid("ECS_IMAGE_PULL_BEHAVIOR", "prefer-cached", AgentConfig::imagePullBehavior,
            ImagePullBehavior.PREFER_CACHED),
        valid("ECS_IMAGE_PULL_BEHAVIOR", "default", AgentConfig::imagePullBehavior, ImagePullBehavior.DEFAULT),
        valid("ECS_CONTAINER_STOP_TIMEOUT", "2m", AgentConfig::containerStopTimeout, Duration.ofMinutes(2)),
        valid("ECS_CONTAINER_STOP_TIMEOUT", "1s", AgentConfig::containerStopTimeout, Duration.ofSeconds(1)),
        valid("ECS_CONTAINER_START_TIMEOUT", "45s", AgentConfig::containerStartTimeout, Duration.ofSeconds(45)),
        valid("ECS_CONTAINER_START_TIMEOUT", "10m", AgentConfig::containerStartTimeout, Duration.ofMinutes(10)),
        valid("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "1m", AgentConfig::taskCleanupWaitDuration,
            Duration.ofMinutes(1)),
        valid("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "1h30m", AgentConfig::taskCleanupWaitDuration,
            Duration.ofMinutes(90)),
        valid("ECS_INSTANCE_ATTRIBUTES", "{\"stack\": \"prod\", \"team/owner\": \"ops@example\"}",
            AgentConfig::instanceAttributes, Map.of("stack", "prod", "team/owner", "ops@example")),
        valid("ECS_DYNAMIC_HOST_PORT_RANGE", "40000-40100", AgentConfig::dynamicHostPortRange,
            new PortRange(40000, 40100)),
        valid("ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND", "true",
            AgentConfig::memoryUnboundedWindowsWorkaround, true),
        valid("ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND", "False",
            AgentConfig::memoryUnboundedWindowsWorkaround, false),
        valid("ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND", "1", AgentConfig::cpuUnboundedWindowsWorkaround, true),
        valid("ECS_LOGLEVEL", "debug", AgentConfig::logLevel, LogLevel.DEBUG),
        valid("ECS_LOGLEVEL", "crit", AgentConfig::logLevel, LogLevel.CRIT),
        valid("ECS_LOGLEVEL", "WARN", AgentConfig::logLevel, LogLevel.WARN),
        valid("GANTRY_SERVER", "https://gantry.example.com:8443/", AgentConfig::server,
            URI.create("https://gantry.example.com:8443")),
        valid("GANTRY_SERVER", "http://10.1.2.3:7777", AgentConfig::server, URI.create("http://10.1.2.3:7777")),
        valid("GANTRY_INSTANCE_ID", "host-b", AgentConfig::instanceId, "host-b"),
        valid("GANTRY_AVAILABILITY_ZONE", "us-east-1b", AgentConfig::availabilityZone, Optional.of("us-east-1b")),
        valid("GANTRY_INSTANCE_TYPE", "m5.large", AgentConfig::instanceType, Optional.of("m5.large")),
        valid("GANTRY_INSTANCE_CPU", "2048", AgentConfig::instanceCpu, OptionalInt.of(2048)),
        valid("GANTRY_INSTANCE_MEMORY", "4096", AgentConfig::instanceMemory, OptionalInt.of(4096)),
        valid("AWS_REGION", "eu-west-1", AgentConfig::region, "eu-west-1"),
        valid("AWS_DEFAULT_REGION", "ap-south-1", AgentConfig::region, "ap-south-1"),
        valid("ECS_CLUSTER", "", AgentConfig::cluster, "default"));
  }

  private static Arguments valid(String variable, String value, Function<AgentConfig, Object> field, Object expected) {
    return Arguments.of(variable, value, field, expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("validValues")
  void readsEachVariable(String variable, String value, Function<AgentConfig, Object> field, Object expected) {
    assertThat(field.apply(AgentConfig.parse(env(variable, value), LINUX))).isEqualTo(expected);
  }

  static Stream<Arguments> malformedValues() {
    return Stream.of(
        Arguments.of("ECS_CLUSTER", "has space", "cluster name"),
        Arguments.of("ECS_CLUSTER", "a".repeat(256), "1-255"),
        Arguments.of("DOCKER_HOST", "/var/run/docker.sock", "unix:///path/to/docker.sock"),
        Arguments.of("DOCKER_HOST", "unix://relative.sock", "unix:///path/to/docker.sock"),
        Arguments.of("DOCKER_HOST", "tcp://nohostport", "tcp://host:port"),
        Arguments.of("DOCKER_HOST", "http://x:1", "npipe"),
        Arguments.of("ECS_DATADIR", "bad\u0000dir", "directory path"),
        Arguments.of("ECS_RESERVED_MEMORY", "-1", "whole number of MiB"),
        Arguments.of("ECS_RESERVED_MEMORY", "1.5", "whole number of MiB"),
        Arguments.of("ECS_RESERVED_MEMORY", "lots", "whole number of MiB"),
        Arguments.of("ECS_RESERVED_PORTS", "22,80", "JSON array"),
        Arguments.of("ECS_RESERVED_PORTS", "[22, 70000]", "1-65535"),
        Arguments.of("ECS_RESERVED_PORTS", "[0]", "1-65535"),
        Arguments.of("ECS_RESERVED_PORTS", "[\"22\"]", "JSON array"),
        Arguments.of("ECS_RESERVED_PORTS", "{\"a\": 1}", "JSON array"),
        Arguments.of("ECS_RESERVED_PORTS_UDP", "[53", "JSON array"),
        Arguments.of("ECS_IMAGE_PULL_BEHAVIOR", "never", "default, always, once, prefer-cached"),
        Arguments.of("ECS_IMAGE_PULL_BEHAVIOR", "ALWAYS", "default, always, once, prefer-cached"),
        Arguments.of("ECS_CONTAINER_STOP_TIMEOUT", "30", "Go syntax"),
        Arguments.of("ECS_CONTAINER_STOP_TIMEOUT", "500ms", "at least 1s"),
        Arguments.of("ECS_CONTAINER_STOP_TIMEOUT", "-5s", "at least 1s"),
        Arguments.of("ECS_CONTAINER_START_TIMEOUT", "30s", "at least 45s"),
        Arguments.of("ECS_CONTAINER_START_TIMEOUT", "3 minutes", "Go syntax"),
        Arguments.of("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "30s", "at least 1m0s"),
        Arguments.of("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "3d", "Go syntax"),
        Arguments.of("ECS_INSTANCE_ATTRIBUTES", "stack=prod", "JSON object"),
        Arguments.of("ECS_INSTANCE_ATTRIBUTES", "{\"stack\": 1}", "string values"),
        Arguments.of("ECS_INSTANCE_ATTRIBUTES", "{\"ecs.os-type\": \"linux\"}", "not starting with ecs."),
        Arguments.of("ECS_INSTANCE_ATTRIBUTES", "{\"bad name!\": \"x\"}", "names of 1-128"),
        Arguments.of("ECS_INSTANCE_ATTRIBUTES", "{\"k\": \" padded\"}", "inner spaces"),
        Arguments.of("ECS_INSTANCE_ATTRIBUTES", elevenAttributes(), "at most 10"),
        Arguments.of("ECS_DYNAMIC_HOST_PORT_RANGE", "40000", "start-end"),
        Arguments.of("ECS_DYNAMIC_HOST_PORT_RANGE", "50000-40000", "start <= end"),
        Arguments.of("ECS_DYNAMIC_HOST_PORT_RANGE", "0-100", "1-65535"),
        Arguments.of("ECS_DYNAMIC_HOST_PORT_RANGE", "60000-70000", "1-65535"),
        Arguments.of("ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND", "yes", "true or false"),
        Arguments.of("ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND", "on", "true or false"),
        Arguments.of("ECS_LOGLEVEL", "trace", "debug, info, warn, error, crit"),
        Arguments.of("GANTRY_SERVER", "127.0.0.1:7777", "http:// or https:// URL"),
        Arguments.of("GANTRY_SERVER", "ftp://host", "http:// or https:// URL"),
        Arguments.of("GANTRY_SERVER", "http://host:7777/api?x=1", "http:// or https:// URL"),
        Arguments.of("GANTRY_INSTANCE_ID", "has space", "printable characters without spaces"),
        Arguments.of("GANTRY_INSTANCE_ID", "x".repeat(256), "1-255"),
        Arguments.of("GANTRY_AVAILABILITY_ZONE", "zone#1", "e.g. us-east-1a"),
        Arguments.of("GANTRY_INSTANCE_TYPE", "big!", "e.g. m5.large"),
        Arguments.of("GANTRY_INSTANCE_CPU", "0", "1 or more"),
        Arguments.of("GANTRY_INSTANCE_CPU", "2 cores", "CPU units"),
        Arguments.of("GANTRY_INSTANCE_MEMORY", "4G", "whole number of MiB"),
        Arguments.of("AWS_REGION", "US East", "AWS region"));
  }

  private static String elevenAttributes() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < 11; i++) {
      b.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":\"v\"");
    }
    return b.append('}').toString();
  }

  @ParameterizedTest(name = "{0}={1} is refused")
  @MethodSource("malformedValues")
  void refusesMalformedValuesNamingVariableValueAndWhatIsValid(String variable, String value, String validHint) {
    InvalidAgentConfigException e = catchThrowableOfType(InvalidAgentConfigException.class,
        () -> AgentConfig.parse(env(variable, value), LINUX));
    assertThat(e).as("%s=%s must be refused", variable, value).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.variable()).isEqualTo(variable);
      assertThat(p.value()).isEqualTo(value.strip());
      assertThat(p.valid()).contains(validHint);
    });
    assertThat(e.getMessage()).contains(variable).contains(value.strip());
  }

  @Test
  void windowsStartTimeoutHasTheWindowsMinimum() {
    assertThatThrownBy(() -> AgentConfig.parse(env("ECS_CONTAINER_START_TIMEOUT", "90s"), WINDOWS))
        .isInstanceOf(InvalidAgentConfigException.class)
        .hasMessageContaining("ECS_CONTAINER_START_TIMEOUT='90s'")
        .hasMessageContaining("at least 2m0s")
        .hasMessageContaining("default 8m");
  }

  @Test
  void reservedMemoryMustLeaveSomeOfTheStatedInstanceMemory() {
    assertThatThrownBy(() -> AgentConfig.parse(env("GANTRY_INSTANCE_MEMORY", "512", "ECS_RESERVED_MEMORY", "512"), LINUX))
        .isInstanceOf(InvalidAgentConfigException.class)
        .hasMessageContaining("ECS_RESERVED_MEMORY='512'")
        .hasMessageContaining("less than GANTRY_INSTANCE_MEMORY (512 MiB)");
  }

  @Test
  void missingCredentialsAreNamed() {
    InvalidAgentConfigException e = catchThrowableOfType(InvalidAgentConfigException.class,
        () -> AgentConfig.parse(Map.of(), LINUX));
    assertThat(e.problems()).extracting(ConfigProblem::variable)
        .containsExactly("GANTRY_ACCESS_KEY_ID", "GANTRY_SECRET_ACCESS_KEY");
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.valid()).startsWith("required"));
    assertThat(e.getMessage()).contains("GANTRY_ACCESS_KEY_ID=(unset)");
  }

  @Test
  void unknownPrefixedVariablesAreRefusedWithTheLikelyIntendedName() {
    InvalidAgentConfigException e = catchThrowableOfType(InvalidAgentConfigException.class,
        () -> AgentConfig.parse(env("ECS_RESERVED_PORT", "[22]", "GANTRY_FOO", "bar"), LINUX));
    assertThat(e.problems()).extracting(ConfigProblem::variable).containsExactly("ECS_RESERVED_PORT", "GANTRY_FOO");
    assertThat(e.problems().get(0).valid()).contains("did you mean ECS_RESERVED_PORTS?");
    assertThat(e.problems().get(1).valid()).contains("not a variable the agent reads").contains("ECS_CLUSTER");
  }

  @Test
  void unknownSecretLookingVariablesDoNotEchoTheirValue() {
    InvalidAgentConfigException e = catchThrowableOfType(InvalidAgentConfigException.class,
        () -> AgentConfig.parse(env("GANTRY_SECRET_ACCES_KEY", "topsecret"), LINUX));
    assertThat(e.getMessage()).contains("GANTRY_SECRET_ACCES_KEY").doesNotContain("topsecret")
        .contains("did you mean GANTRY_SECRET_ACCESS_KEY?");
  }

  @Test
  void variablesOfOtherGantryComponentsAndUnprefixedOnesAreLeftAlone() {
    AgentConfig c = AgentConfig.parse(env("GANTRY_ROOT_ACCESS_KEY_ID", "root", "GANTRY_ROOT_SECRET_ACCESS_KEY", "x",
        "ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc", "PATH", "/usr/bin", "HOME", "/root"), LINUX);
    assertThat(c.cluster()).isEqualTo("default");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InvalidAgentConfigException e = catchThrowableOfType(InvalidAgentConfigException.class, () -> AgentConfig.parse(
        env("ECS_RESERVED_MEMORY", "x", "ECS_LOGLEVEL", "loud", "ECS_CONTAINER_STOP_TIMEOUT", "soon"), LINUX));
    assertThat(e.problems()).extracting(ConfigProblem::variable)
        .containsExactlyInAnyOrder("ECS_RESERVED_MEMORY", "ECS_LOGLEVEL", "ECS_CONTAINER_STOP_TIMEOUT");
  }

  @Test
  void toStringNeverShowsTheSecret() {
    AgentConfig c = AgentConfig.parse(env(), LINUX);
    assertThat(c.toString()).contains("AKIDEXAMPLE").doesNotContain("s3cr3t-value");
    assertThat(c.secretAccessKey()).isEqualTo("s3cr3t-value");
  }
}
