package dev.gantry.agent.docker.create;

import static dev.gantry.agent.docker.create.Fixtures.WINDOWS;
import static dev.gantry.agent.docker.create.Fixtures.task;
import static dev.gantry.agent.docker.create.Fixtures.windowsContainer;
import static dev.gantry.agent.docker.create.Fixtures.windowsInput;
import static dev.gantry.agent.docker.create.LinuxCreateConfigTest.mount;
import static dev.gantry.agent.docker.create.LinuxCreateConfigTest.port;

import dev.gantry.model.ContainerOverride;
import dev.gantry.model.DockerVolumeConfiguration;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.HostEntry;
import dev.gantry.model.HostVolumeProperties;
import dev.gantry.model.IpcMode;
import dev.gantry.model.LinuxParameters;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PidMode;
import dev.gantry.model.Scope;
import dev.gantry.model.TransportProtocol;
import dev.gantry.model.Ulimit;
import dev.gantry.model.UlimitName;
import dev.gantry.model.Volume;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Windows create config, one golden file per rule of design section 4 that the create config
 * carries: nat networking, the memory and CPU arithmetic with both workarounds, lower-cased
 * volume paths and the local driver, isolation and the image build check, no Linux-only fields.
 */
class WindowsCreateConfigTest {
  private static final CreateHost.Windows MEMORY_WORKAROUND =
      new CreateHost.Windows(4, "10.0.17763.5122", CreateHost.Isolation.PROCESS, true, false);
  private static final CreateHost.Windows CPU_WORKAROUND =
      new CreateHost.Windows(4, "10.0.17763.5122", CreateHost.Isolation.PROCESS, false, true);
  private static final CreateHost.Windows HYPERV =
      new CreateHost.Windows(4, "10.0.20348.2340", CreateHost.Isolation.HYPERV, false, false);

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesItsGoldenFile(GoldenCase c) throws IOException {
    Golden.assertMatches(c.golden(), CreateConfigBuilder.build(c.input(), c.host()));
  }

  static Stream<GoldenCase> cases() {
    return Stream.of(network(), memory(), cpu(), volumes(), builds(), linuxOnly()).flatMap(s -> s);
  }

  private static GoldenCase windows(String rule, String golden, CreateConfigInput input, CreateHost host) {
    return new GoldenCase(rule, "windows/" + golden, input, host);
  }

  private static GoldenCase windows(String rule, String golden, CreateConfigInput input) {
    return windows(rule, golden, input, WINDOWS);
  }

  private static Stream<GoldenCase> network() {
    var ports = windowsContainer().portMappings(List.of(
        port(80, 8080, TransportProtocol.TCP), port(8443, 0, null))).build();
    return Stream.of(
        windows("an omitted networkMode is Docker's nat network, with static and allocated ports published",
            "network-nat", windowsInput(ports).withHostPorts(Map.of("8443/tcp", 49152))),
        windows("awsvpc joins the task's network container", "network-awsvpc",
            windowsInput(task(ports).networkMode(NetworkMode.AWSVPC).build())
                .withNetworkContainer("ecs-app-3-internalecspause-0a1b")),
        windows("bridge, host and none are refused: Windows has nat and awsvpc", "network-bridge-refused",
            windowsInput(task(ports).networkMode(NetworkMode.BRIDGE).build())));
  }

  private static Stream<GoldenCase> memory() {
    var reservationOnly = windowsContainer().memory(null).memoryReservation(512).build();
    return Stream.of(
        windows("memory is a hard limit in bytes", "memory-hard-limit", windowsInput(windowsContainer().build())),
        windows("memoryReservation next to memory is dropped: Docker on Windows has no soft limit",
            "memory-and-reservation", windowsInput(windowsContainer().memory(1024).memoryReservation(512).build())),
        windows("memory below 256 MiB (here from an override) is refused", "memory-below-minimum",
            windowsInput(windowsContainer().build())
                .withOverride(ContainerOverride.builder().name("app").memory(128).build())),
        windows("memoryReservation alone is refused without the memory workaround",
            "memory-reservation-alone-refused", windowsInput(reservationOnly)),
        windows("memoryReservation alone runs unbounded with ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND",
            "memory-reservation-alone-unbounded", windowsInput(reservationOnly), MEMORY_WORKAROUND),
        windows("no memory at all is refused without the memory workaround", "memory-none-refused",
            windowsInput(windowsContainer().memory(null).build())));
  }

  private static Stream<GoldenCase> cpu() {
    return Stream.of(
        windows("cpu becomes CpuPercent = cpu * 100 / (cores * 1024): 1024 units of 4 cores is 25",
            "cpu-percent", windowsInput(windowsContainer().cpu(1024).build())),
        windows("a share below 1 percent is rounded up to CpuPercent 1", "cpu-percent-minimum",
            windowsInput(windowsContainer().cpu(10).build())),
        windows("the whole host is CpuPercent 100", "cpu-percent-whole-host",
            windowsInput(windowsContainer().cpu(4096).build())),
        windows("no cpu is bounded at CpuPercent 1 without the CPU workaround", "cpu-zero-bounded",
            windowsInput(windowsContainer().build())),
        windows("cpu 0 stays unbounded (no CpuPercent) with ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND",
            "cpu-zero-unbounded", windowsInput(windowsContainer().cpu(0).build()), CPU_WORKAROUND),
        windows("an override's cpu is converted the same way", "cpu-override",
            windowsInput(windowsContainer().cpu(1024).build())
                .withOverride(ContainerOverride.builder().name("app").cpu(2048).build())),
        windows("cpu beyond the host's cores is refused", "cpu-above-host",
            windowsInput(windowsContainer().cpu(8192).build())));
  }

  private static Stream<GoldenCase> volumes() {
    var container = windowsContainer().mountPoints(List.of(
        mount("Data", "C:\\App\\Data\\", false), mount("Logs", "C:\\App\\Logs", true),
        mount("Cache", "D:", false))).build();
    var volumes = List.of(
        Volume.builder().name("Data").host(HostVolumeProperties.builder().sourcePath("D:\\Shares\\App Data").build())
            .build(),
        Volume.builder().name("Logs").host(HostVolumeProperties.builder().sourcePath("C:\\ProgramData\\App\\LOGS")
            .build()).build(),
        Volume.builder().name("Cache").dockerVolumeConfiguration(DockerVolumeConfiguration.builder()
            .scope(Scope.SHARED).driver("local").build()).build());
    var foreign = windowsContainer().mountPoints(List.of(mount("nfs", "C:\\nfs", false))).build();
    var foreignVolume = Volume.builder().name("nfs").dockerVolumeConfiguration(DockerVolumeConfiguration.builder()
        .scope(Scope.SHARED).driver("rexray/ebs").build()).build();
    return Stream.of(
        windows("volume host and container paths are lower-cased; a local Docker volume is mounted",
            "volume-paths-lowercased", windowsInput(task(container).volumes(volumes).build())),
        windows("a Docker volume driver other than local is refused", "volume-driver-refused",
            windowsInput(task(foreign).volumes(List.of(foreignVolume)).build())));
  }

  private static Stream<GoldenCase> builds() {
    var ltsc2022 = windowsContainer().image("mcr.microsoft.com/windows/servercore:ltsc2022").build();
    return Stream.of(
        windows("process isolation with the host's build is created with Isolation process",
            "process-isolation-same-build", windowsInput(windowsContainer().build())),
        windows("process isolation refuses an image of another build, naming both builds",
            "process-isolation-build-mismatch", windowsInput(ltsc2022).withImageOsVersion("10.0.20348.2340")),
        windows("Hyper-V isolation runs an older image", "hyperv-older-image",
            windowsInput(windowsContainer().build()), HYPERV),
        windows("Hyper-V isolation refuses an image newer than the host, naming both builds",
            "hyperv-newer-image", windowsInput(windowsContainer().image("mcr.microsoft.com/windows/servercore:ltsc2025")
                .build()).withImageOsVersion("10.0.26100.1742"),
            HYPERV),
        windows("an image whose build is unknown is refused rather than left to fail in Docker",
            "image-build-unknown", Fixtures.input(windowsContainer().build())));
  }

  private static Stream<GoldenCase> linuxOnly() {
    var linuxy = windowsContainer().links(List.of("db")).privileged(true).user("ContainerAdministrator")
        .readonlyRootFilesystem(true).disableNetworking(true).dnsServers(List.of("10.0.0.2"))
        .dnsSearchDomains(List.of("corp.example"))
        .extraHosts(List.of(HostEntry.builder().hostname("db").ipAddress("10.0.0.5").build()))
        .ulimits(List.of(Ulimit.builder().name(UlimitName.NOFILE).softLimit(1).hardLimit(1).build()))
        .linuxParameters(LinuxParameters.builder().initProcessEnabled(true).build()).build();
    var harmless = windowsContainer().privileged(false).dnsServers(List.of()).healthCheck(HealthCheck.builder()
        .command(List.of("CMD-SHELL", "powershell -Command exit 0")).interval(10).build()).hostname("web01")
        .build();
    return Stream.of(
        windows("Linux-only settings are refused, each naming the field", "linux-only-fields",
            windowsInput(task(linuxy).pidMode(PidMode.HOST).ipcMode(IpcMode.HOST).build())),
        windows("settings that ask for nothing, a hostname and a health check are fine", "harmless-fields",
            windowsInput(harmless)));
  }
}
