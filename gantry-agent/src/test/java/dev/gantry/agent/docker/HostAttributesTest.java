package dev.gantry.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Attribute;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostAttributesTest {
  private static final DockerInfo LINUX = new DockerInfo("linux", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64",
      4, 8L * 1024 * 1024 * 1024, "27.5.1", "x86_64", List.of("awslogs", "json-file", "local", "none"),
      Optional.empty());

  private static DockerInfo windows(String kernelVersion, String operatingSystem) {
    return new DockerInfo("windows", operatingSystem, kernelVersion, 2, 4L << 30, "25.0.5", "x86_64", List.of(),
        Optional.of("process"));
  }

  private static DockerVersion api(String version) {
    return new DockerVersion("x", ApiVersion.parse(version).orElseThrow(), new ApiVersion(1, 24));
  }

  static Stream<Arguments> windowsBuilds() {
    return Stream.of(
        Arguments.of("10.0 14393 (14393.6709.amd64fre.rs1_release.231103-1823)", Optional.empty(), "WINDOWS_SERVER_2016_CORE"),
        Arguments.of("10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)", Optional.of("Server Core"),
            "WINDOWS_SERVER_2019_CORE"),
        Arguments.of("10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)", Optional.of("Server"),
            "WINDOWS_SERVER_2019_FULL"),
        Arguments.of("10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)", Optional.of("Server"),
            "WINDOWS_SERVER_2022_FULL"),
        Arguments.of("10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)", Optional.empty(), "WINDOWS_SERVER_2022_CORE"),
        Arguments.of("10.0 26100 (26100.1.amd64fre.ge_release.240331-1435)", Optional.of("Server Core"),
            "WINDOWS_SERVER_2025_CORE"),
        Arguments.of("10.0 19042 (19042.1.amd64fre.vb_release.191206-1406)", Optional.empty(), "WINDOWS_SERVER_20H2_CORE"),
        Arguments.of("10.0 22631 (22631.1.amd64fre.ni_release.220506-1250)", Optional.of("Client"), "windows"));
  }

  @ParameterizedTest(name = "kernel {0}, installation type {1}: {2}")
  @MethodSource("windowsBuilds")
  void windowsFamilyFollowsTheBuildAndInstallationType(String kernel, Optional<String> installation, String family) {
    assertThat(HostAttributes.osFamily(windows(kernel, "Windows Server Datacenter"), installation)).isEqualTo(family);
  }

  @Test
  void windowsBuildComesFromTheOsNameWhenTheKernelVersionLacksIt() {
    DockerInfo info = windows("", "Windows Server 2019 Datacenter Version 1809 (OS Build 17763.5458)");
    assertThat(info.windowsBuild()).hasValue(17763);
    assertThat(HostAttributes.osFamily(info, Optional.empty())).isEqualTo("WINDOWS_SERVER_2019_CORE");
  }

  @Test
  void linuxIsLinuxWhateverTheDistribution() {
    assertThat(HostAttributes.osType(LINUX)).isEqualTo("linux");
    assertThat(HostAttributes.osFamily(LINUX, Optional.of("Server"))).isEqualTo("LINUX");
    assertThat(LINUX.windowsBuild()).isEmpty();
    assertThat(HostAttributes.osType(windows("10.0 17763 (x)", ""))).isEqualTo("windows");
  }

  @ParameterizedTest(name = "Docker {0} is ECS {1}")
  @CsvSource({"x86_64,x86_64", "amd64,x86_64", "aarch64,arm64", "arm64,arm64", "s390x,s390x", "PPC64LE,ppc64le"})
  void cpuArchitectureUsesEcsNames(String docker, String ecs) {
    DockerInfo info = new DockerInfo("linux", "", "", 1, 1, "", docker, List.of(), Optional.empty());
    assertThat(HostAttributes.cpuArchitecture(info)).isEqualTo(ecs);
  }

  @Test
  void capabilitiesCoverEveryApiVersionUpToTheEnginesAndWhatTheAgentSupports() {
    assertThat(HostAttributes.capabilities(LINUX, api("1.41"))).containsExactly(
        "com.amazonaws.ecs.capability.docker-remote-api.1.17", "com.amazonaws.ecs.capability.docker-remote-api.1.18",
        "com.amazonaws.ecs.capability.docker-remote-api.1.19", "com.amazonaws.ecs.capability.docker-remote-api.1.20",
        "com.amazonaws.ecs.capability.docker-remote-api.1.21", "com.amazonaws.ecs.capability.docker-remote-api.1.22",
        "com.amazonaws.ecs.capability.docker-remote-api.1.23", "com.amazonaws.ecs.capability.docker-remote-api.1.24",
        "com.amazonaws.ecs.capability.docker-remote-api.1.25", "com.amazonaws.ecs.capability.docker-remote-api.1.26",
        "com.amazonaws.ecs.capability.docker-remote-api.1.27", "com.amazonaws.ecs.capability.docker-remote-api.1.28",
        "com.amazonaws.ecs.capability.docker-remote-api.1.29", "com.amazonaws.ecs.capability.docker-remote-api.1.30",
        "com.amazonaws.ecs.capability.docker-remote-api.1.31", "com.amazonaws.ecs.capability.docker-remote-api.1.32",
        "com.amazonaws.ecs.capability.docker-remote-api.1.33", "com.amazonaws.ecs.capability.docker-remote-api.1.34",
        "com.amazonaws.ecs.capability.docker-remote-api.1.35", "com.amazonaws.ecs.capability.docker-remote-api.1.36",
        "com.amazonaws.ecs.capability.docker-remote-api.1.37", "com.amazonaws.ecs.capability.docker-remote-api.1.38",
        "com.amazonaws.ecs.capability.docker-remote-api.1.39", "com.amazonaws.ecs.capability.docker-remote-api.1.40",
        "com.amazonaws.ecs.capability.docker-remote-api.1.41",
        "com.amazonaws.ecs.capability.logging-driver.json-file", "com.amazonaws.ecs.capability.logging-driver.none",
        "ecs.capability.container-health-check", "ecs.capability.container-ordering",
        "ecs.capability.docker-plugin.local");
  }

  @Test
  void noAwsOnlyCapabilityIsEverAdvertised() {
    assertThat(HostAttributes.capabilities(LINUX, api("1.47")))
        .noneMatch(c -> c.contains("awslogs") || c.contains("ecr") || c.contains("iam") || c.contains("secrets")
            || c.contains("task-eni") || c.contains("privileged"));
  }

  @Test
  void anOldEngineLacksHealthChecksAndLocalVolumes() {
    assertThat(HostAttributes.capabilities(LINUX, api("1.23")))
        .contains("com.amazonaws.ecs.capability.docker-remote-api.1.23", "ecs.capability.container-ordering")
        .doesNotContain("com.amazonaws.ecs.capability.docker-remote-api.1.24", "ecs.capability.container-health-check",
            "ecs.capability.docker-plugin.local");
  }

  @Test
  void logDriversTheEngineLacksAreNotAdvertised() {
    DockerInfo noNone = new DockerInfo("linux", "", "", 1, 1, "", "x86_64", List.of("json-file", "syslog"),
        Optional.empty());
    assertThat(HostAttributes.capabilities(noNone, api("1.41"))).filteredOn(c -> c.contains("logging-driver"))
        .containsExactly("com.amazonaws.ecs.capability.logging-driver.json-file");
  }

  @Test
  void allAttributesStartWithOsTypeFamilyAndArchitecture() {
    List<Attribute> all = HostAttributes.of(LINUX, api("1.41"), Optional.empty());
    assertThat(all.subList(0, 3)).containsExactly(
        Attribute.builder().name("ecs.os-type").value("linux").build(),
        Attribute.builder().name("ecs.os-family").value("LINUX").build(),
        Attribute.builder().name("ecs.cpu-architecture").value("x86_64").build());
    assertThat(all.subList(3, all.size())).extracting(Attribute::name)
        .containsExactlyElementsOf(HostAttributes.capabilities(LINUX, api("1.41")));
    assertThat(all.subList(3, all.size())).extracting(Attribute::value).containsOnlyNulls();
  }
}
