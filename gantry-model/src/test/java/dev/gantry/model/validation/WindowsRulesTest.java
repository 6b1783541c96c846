package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.Fixtures.taskWith;
import static dev.gantry.model.validation.Fixtures.windowsContainer;
import static dev.gantry.model.validation.Fixtures.windowsTaskWith;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.DockerVolumeConfiguration;
import dev.gantry.model.HostEntry;
import dev.gantry.model.IpcMode;
import dev.gantry.model.LinuxParameters;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.OSFamily;
import dev.gantry.model.PidMode;
import dev.gantry.model.ProxyConfiguration;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RuntimePlatform;
import dev.gantry.model.Ulimit;
import dev.gantry.model.UlimitName;
import dev.gantry.model.Volume;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WindowsRulesTest {
  private static final String WHY = "not supported for Windows containers";

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("links on Windows are refused", windows(c -> c.links(List.of("db")), windowsContainer("db").build()),
            "containerDefinitions[0].links", "links ['db']", WHY, "WINDOWS_SERVER_2019_CORE"),
        rejects("privileged on Windows is refused", windows(c -> c.privileged(true)),
            "containerDefinitions[0].privileged", "privileged true", WHY),
        rejects("linuxParameters on Windows are refused",
            windows(c -> c.linuxParameters(LinuxParameters.builder().initProcessEnabled(true).build())),
            "containerDefinitions[0].linuxParameters", "linuxParameters", WHY),
        rejects("ulimits on Windows are refused",
            windows(c -> c.ulimits(List.of(Ulimit.builder().name(UlimitName.NOFILE).softLimit(1).hardLimit(1).build()))),
            "containerDefinitions[0].ulimits", WHY),
        rejects("user on Windows is refused", windows(c -> c.user("ContainerUser")),
            "containerDefinitions[0].user", "'ContainerUser'", WHY),
        rejects("readonlyRootFilesystem on Windows is refused", windows(c -> c.readonlyRootFilesystem(true)),
            "containerDefinitions[0].readonlyRootFilesystem", WHY),
        rejects("disableNetworking on Windows is refused", windows(c -> c.disableNetworking(true)),
            "containerDefinitions[0].disableNetworking", WHY),
        rejects("dnsServers on Windows are refused", windows(c -> c.dnsServers(List.of("10.0.0.2"))),
            "containerDefinitions[0].dnsServers", "'10.0.0.2'", WHY),
        rejects("dnsSearchDomains on Windows are refused", windows(c -> c.dnsSearchDomains(List.of("corp.example"))),
            "containerDefinitions[0].dnsSearchDomains", WHY),
        rejects("extraHosts on Windows are refused",
            windows(c -> c.extraHosts(List.of(HostEntry.builder().hostname("db").ipAddress("10.0.0.5").build()))),
            "containerDefinitions[0].extraHosts", WHY),
        rejects("pidMode on Windows is refused", windowsTask(t -> t.pidMode(PidMode.HOST)), "pidMode", "'host'", WHY),
        rejects("ipcMode on Windows is refused", windowsTask(t -> t.ipcMode(IpcMode.TASK)), "ipcMode", "'task'", WHY),
        rejects("proxyConfiguration on Windows is refused",
            windowsTask(t -> t.proxyConfiguration(ProxyConfiguration.builder().containerName("app").build())),
            "proxyConfiguration", WHY),
        rejects("a non-local volume driver on Windows is refused",
            windowsTask(t -> t.volumes(List.of(dockerVolume("rexray/ebs")))),
            "volumes[0].dockerVolumeConfiguration.driver", "'rexray/ebs'", "'local'"),
        rejects("bridge networkMode on Windows is refused", windowsTask(t -> t.networkMode(NetworkMode.BRIDGE)),
            "networkMode", "'bridge'", "omit networkMode", "'awsvpc'"),
        rejects("host networkMode on Windows is refused", windowsTask(t -> t.networkMode(NetworkMode.HOST)),
            "networkMode", "'host'"),
        rejects("255 MiB for a Windows container is too little", windows(c -> c.memory(255)),
            "containerDefinitions[0].memory", "255 MiB", "at least 256 MiB"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("networkMode omitted, which is Docker's nat", windowsTask(t -> t)),
        named("awsvpc", windowsTask(t -> t.networkMode(NetworkMode.AWSVPC))),
        named("exactly 256 MiB", windows(c -> c.memory(256))),
        named("settings that ask for nothing",
            windows(c -> c.privileged(false).links(List.of()).readonlyRootFilesystem(false).dnsServers(List.of()))),
        named("the local volume driver", windowsTask(t -> t.volumes(List.of(dockerVolume("local"))))),
        named("task-level cpu and memory, which ECS ignores for Windows rather than rejects",
            windowsTask(t -> t.cpu("1024").memory("2 GB"))));
  }

  @ParameterizedTest(name = "accepts on Windows {0}")
  @MethodSource("accepted")
  void acceptsOnWindows(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  @Test
  void namesEachUnsupportedFieldInItsOwnViolation() {
    List<Violation> violations = TaskDefinitionValidator.validate(windows(c -> c.links(List.of("db"))
        .privileged(true).user("admin").dnsServers(List.of("10.0.0.2")), windowsContainer("db").build()));
    assertThat(violations).extracting(Violation::field).containsExactly(
        "containerDefinitions[0].links", "containerDefinitions[0].user",
        "containerDefinitions[0].privileged", "containerDefinitions[0].dnsServers");
  }

  @ParameterizedTest(name = "applies to {0}")
  @EnumSource(value = OSFamily.class, names = "WINDOWS_SERVER_.*", mode = EnumSource.Mode.MATCH_ANY)
  void appliesToEveryWindowsFamily(OSFamily family) {
    RegisterTaskDefinitionRequest request = taskWith(container("app").privileged(true).memory(512).build())
        .runtimePlatform(RuntimePlatform.builder().operatingSystemFamily(family).build()).build();
    assertThat(TaskDefinitionValidator.validate(request)).extracting(Violation::field)
        .containsExactly("containerDefinitions[0].privileged");
  }

  @Test
  void leavesLinuxTasksTheirLinuxSettings() {
    ContainerDefinition linux = container("app").privileged(true).user("1000").readonlyRootFilesystem(true)
        .dnsServers(List.of("10.0.0.2")).memory(64).build();
    assertThat(TaskDefinitionValidator.validate(task(linux))).isEmpty();
    RegisterTaskDefinitionRequest explicitLinux = taskWith(linux)
        .runtimePlatform(RuntimePlatform.builder().operatingSystemFamily(OSFamily.LINUX).build()).build();
    assertThat(TaskDefinitionValidator.validate(explicitLinux)).isEmpty();
  }

  private static RegisterTaskDefinitionRequest windows(UnaryOperator<ContainerDefinition.Builder> change,
      ContainerDefinition... others) {
    ContainerDefinition[] all = new ContainerDefinition[others.length + 1];
    all[0] = change.apply(windowsContainer("app")).build();
    System.arraycopy(others, 0, all, 1, others.length);
    return windowsTaskWith(all).build();
  }

  private static RegisterTaskDefinitionRequest windowsTask(UnaryOperator<RegisterTaskDefinitionRequest.Builder> change) {
    return change.apply(windowsTaskWith(windowsContainer("app").build())).build();
  }

  private static Volume dockerVolume(String driver) {
    return Volume.builder().name("data").dockerVolumeConfiguration(
        DockerVolumeConfiguration.builder().driver(driver).build()).build();
  }
}
