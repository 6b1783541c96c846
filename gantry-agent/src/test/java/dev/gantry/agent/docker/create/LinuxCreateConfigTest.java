package dev.gantry.agent.docker.create;

import static dev.gantry.agent.docker.create.Fixtures.LINUX;
import static dev.gantry.agent.docker.create.Fixtures.input;
import static dev.gantry.agent.docker.create.Fixtures.linuxContainer;
import static dev.gantry.agent.docker.create.Fixtures.task;

import dev.gantry.model.ContainerDependency;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.Device;
import dev.gantry.model.DeviceCgroupPermission;
import dev.gantry.model.DockerVolumeConfiguration;
import dev.gantry.model.EFSVolumeConfiguration;
import dev.gantry.model.EnvironmentFile;
import dev.gantry.model.EnvironmentFileType;
import dev.gantry.model.FirelensConfiguration;
import dev.gantry.model.FirelensConfigurationType;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.HostEntry;
import dev.gantry.model.HostVolumeProperties;
import dev.gantry.model.IpcMode;
import dev.gantry.model.KernelCapabilities;
import dev.gantry.model.KeyValuePair;
import dev.gantry.model.LinuxParameters;
import dev.gantry.model.LogConfiguration;
import dev.gantry.model.LogDriver;
import dev.gantry.model.MountPoint;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PidMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.ResourceRequirement;
import dev.gantry.model.ResourceType;
import dev.gantry.model.Scope;
import dev.gantry.model.Secret;
import dev.gantry.model.SystemControl;
import dev.gantry.model.Tmpfs;
import dev.gantry.model.TransportProtocol;
import dev.gantry.model.Ulimit;
import dev.gantry.model.UlimitName;
import dev.gantry.model.Volume;
import dev.gantry.model.VolumeFrom;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Linux create config, one golden file per rule (ECS agent behaviour on Linux hosts). */
class LinuxCreateConfigTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesItsGoldenFile(GoldenCase c) throws IOException {
    Golden.assertMatches(c.golden(), CreateConfigBuilder.build(c.input(), c.host()));
  }

  static Stream<GoldenCase> cases() {
    return Stream.of(
        resources(), process(), network(), mounts(), health(), logging(), linuxOnly(), refusals())
        .flatMap(s -> s);
  }

  private static GoldenCase linux(String rule, String golden, CreateConfigInput input) {
    return new GoldenCase(rule, "linux/" + golden, input, LINUX);
  }

  private static Stream<GoldenCase> resources() {
    return Stream.of(
        linux("a minimal container gets the ECS labels, the minimum 2 CPU shares and the default stop timeout",
            "minimal", input(linuxContainer().build())),
        linux("memory and memoryReservation (MiB) become Memory and MemoryReservation in bytes",
            "memory-and-reservation", input(linuxContainer().memory(128).memoryReservation(64).build())),
        linux("memory below the 6 MiB Docker allows is refused",
            "memory-below-minimum", input(linuxContainer().memory(4).build())),
        linux("cpu units become CpuShares", "cpu-shares", input(linuxContainer().cpu(512).build())),
        linux("cpu 1 becomes 2 CPU shares, the least the kernel takes",
            "cpu-one", input(linuxContainer().cpu(1).build())));
  }

  private static Stream<GoldenCase> process() {
    var container = linuxContainer().cpu(256).memory(256)
        .entryPoint(List.of("/bin/sh", "-c")).command(List.of("echo hello; sleep 60"))
        .workingDirectory("/srv")
        .environment(List.of(kv("MODE", "blue"), kv("GREETING", "hello"), kv("EMPTY", null)))
        .build();
    var override = ContainerOverride.builder().name("app").command(List.of("echo override"))
        .environment(List.of(kv("MODE", "green"), kv("EXTRA", "1"))).cpu(1024).memory(512).build();
    return Stream.of(
        linux("entryPoint, command, workingDirectory and environment pass through in order",
            "process", input(container)),
        linux("an override's command, environment, cpu and memory win over the definition's",
            "overrides", input(container).withOverride(override)),
        linux("the agent's environment (metadata URI) wins over the task's",
            "agent-environment", input(linuxContainer().environment(List.of(
                kv("ECS_CONTAINER_METADATA_URI_V4", "http://example.invalid"), kv("A", "1"))).build())
                .withAgentEnvironment(Map.of("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc",
                    "AWS_EXECUTION_ENV", "AWS_ECS_EC2"))),
        linux("a container's stopTimeout wins over ECS_CONTAINER_STOP_TIMEOUT",
            "stop-timeout", input(linuxContainer().stopTimeout(5).build())
                .withDefaultStopTimeout(Duration.ofSeconds(45))),
        linux("ECS_CONTAINER_STOP_TIMEOUT applies to containers without stopTimeout",
            "stop-timeout-default", input(linuxContainer().build()).withDefaultStopTimeout(Duration.ofSeconds(45))),
        linux("dockerLabels are merged under the ECS labels, which a task can't overwrite",
            "docker-labels", input(linuxContainer().dockerLabels(Map.of(
                "team", "web", "com.amazonaws.ecs.cluster", "spoofed",
                "dev.gantry.container-instance-arn", "spoofed")).build())));
  }

  private static Stream<GoldenCase> network() {
    var ports = linuxContainer().portMappings(List.of(
        port(8080, 0, null), port(8443, 443, TransportProtocol.TCP), port(5353, null, TransportProtocol.UDP)))
        .build();
    Map<String, Integer> allocated = Map.of("8080/tcp", 49153, "5353/udp", 49154);
    return Stream.of(
        linux("static and allocated host ports are exposed and published, tcp and udp",
            "ports", input(ports).withHostPorts(allocated)),
        linux("a mapping without an allocated host port is refused",
            "ports-unallocated", input(ports)),
        linux("host network mode exposes ports without publishing them",
            "network-host", input(task(ports).networkMode(NetworkMode.HOST).build())),
        linux("none network mode publishes nothing", "network-none",
            input(task(linuxContainer().build()).networkMode(NetworkMode.NONE).build())),
        linux("awsvpc joins the task's network container, which owns the ports",
            "network-awsvpc", input(task(ports).networkMode(NetworkMode.AWSVPC).build())
                .withNetworkContainer("ecs-app-3-internalecspause-0a1b")),
        linux("awsvpc without a network container is refused",
            "network-awsvpc-missing", input(task(ports).networkMode(NetworkMode.AWSVPC).build())));
  }

  private static Stream<GoldenCase> mounts() {
    var container = linuxContainer().mountPoints(List.of(
        mount("data", "/var/data", false), mount("config", "/etc/app", true),
        mount("cache", "/cache", null), mount("scratch", "/scratch", true))).build();
    var volumes = List.of(
        Volume.builder().name("data").host(HostVolumeProperties.builder().sourcePath("/srv/data").build()).build(),
        Volume.builder().name("config").host(HostVolumeProperties.builder().sourcePath("/etc/app").build()).build(),
        Volume.builder().name("cache").dockerVolumeConfiguration(DockerVolumeConfiguration.builder()
            .scope(Scope.SHARED).driver("local").driverOpts(Map.of("type", "tmpfs", "device", "tmpfs"))
            .labels(Map.of("owner", "app")).build()).build(),
        Volume.builder().name("scratch").dockerVolumeConfiguration(DockerVolumeConfiguration.builder()
            .scope(Scope.TASK).build()).build());
    var prepared = Map.<String, VolumeSource>of("scratch",
        new VolumeSource.DockerVolume("ecs-app-3-scratch-a1b2c3", "local", Map.of(), Map.of()));
    var refused = linuxContainer().mountPoints(List.of(
        mount("missing", "/missing", false), mount("efs", "/efs", false), mount("scratch", "/scratch", false)))
        .build();
    var refusedVolumes = List.of(
        Volume.builder().name("efs").efsVolumeConfiguration(EFSVolumeConfiguration.builder()
            .fileSystemId("fs-12345678").build()).build(),
        volumes.get(3));
    var from = linuxContainer().volumesFrom(List.of(
        VolumeFrom.builder().sourceContainer("sidecar").readOnly(true).build(),
        VolumeFrom.builder().sourceContainer("data").build())).build();
    return Stream.of(
        linux("host volumes become Binds (readOnly as :ro) and Docker volumes become Mounts with their driver",
            "volumes", input(task(container).volumes(volumes).build()).withVolumes(prepared)),
        linux("a mount of an unknown, AWS or unprepared volume is refused",
            "volumes-refused", input(task(refused).volumes(refusedVolumes).build())),
        linux("volumesFrom names the source containers' Docker containers",
            "volumes-from", input(from).withContainerNames(Map.of(
                "sidecar", "ecs-app-3-sidecar-9f8e", "data", "ecs-app-3-data-7d6c"))));
  }

  private static Stream<GoldenCase> health() {
    return Stream.of(
        linux("a CMD-SHELL health check gets ECS's defaults (30 s, 5 s, 3 retries) in nanoseconds",
            "health-defaults", input(linuxContainer().healthCheck(HealthCheck.builder()
                .command(List.of("CMD-SHELL", "wget -q -O - http://127.0.0.1:8080/ || exit 1")).build()).build())),
        linux("a CMD health check keeps its own interval, timeout, retries and start period",
            "health-cmd", input(linuxContainer().healthCheck(HealthCheck.builder()
                .command(List.of("CMD", "/bin/check", "--quick")).interval(5).timeout(2).retries(4)
                .startPeriod(10).build()).build())),
        linux("a health check command without CMD or CMD-SHELL is refused",
            "health-refused", input(linuxContainer().healthCheck(HealthCheck.builder()
                .command(List.of("curl -f http://localhost/")).build()).build())));
  }

  private static Stream<GoldenCase> logging() {
    return Stream.of(
        linux("json-file logging passes its options to Docker",
            "log-json-file", input(linuxContainer().logConfiguration(LogConfiguration.builder()
                .logDriver(LogDriver.JSON_FILE).options(Map.of("max-size", "10m", "max-file", "3")).build())
                .build())),
        linux("awslogs is refused: there is no CloudWatch Logs here",
            "log-awslogs", input(linuxContainer().logConfiguration(LogConfiguration.builder()
                .logDriver(LogDriver.AWSLOGS).options(Map.of("awslogs-group", "/app")).build()).build())));
  }

  private static Stream<GoldenCase> linuxOnly() {
    var security = linuxContainer().user("1000:1000").privileged(true).readonlyRootFilesystem(true)
        .hostname("app-host").dnsServers(List.of("10.0.0.2")).dnsSearchDomains(List.of("corp.example"))
        .extraHosts(List.of(HostEntry.builder().hostname("db").ipAddress("10.0.0.5").build()))
        .dockerSecurityOptions(List.of("no-new-privileges")).interactive(true).pseudoTerminal(true)
        .systemControls(List.of(SystemControl.builder().namespace("net.core.somaxconn").value("1024").build()))
        .build();
    var ulimits = linuxContainer().ulimits(List.of(
        Ulimit.builder().name(UlimitName.NOFILE).softLimit(1024).hardLimit(4096).build(),
        Ulimit.builder().name(UlimitName.NPROC).softLimit(512).hardLimit(512).build())).build();
    var parameters = linuxContainer().memory(256).linuxParameters(LinuxParameters.builder()
        .capabilities(KernelCapabilities.builder().add(List.of("NET_ADMIN")).drop(List.of("MKNOD")).build())
        .initProcessEnabled(true).sharedMemorySize(64)
        .tmpfs(List.of(Tmpfs.builder().containerPath("/run").size(16).mountOptions(List.of("noexec")).build()))
        .devices(List.of(Device.builder().hostPath("/dev/fuse").permissions(
            List.of(DeviceCgroupPermission.WRITE, DeviceCgroupPermission.READ)).build()))
        .maxSwap(128).build()).build();
    var linked = linuxContainer().links(List.of("db", "cache:redis")).build();
    return Stream.of(
        linux("user, privileged, readonlyRootFilesystem, hostname, DNS, extraHosts, sysctls, security"
            + " options and a terminal pass through", "security-and-dns", input(security)),
        linux("ulimits become Docker Ulimits", "ulimits", input(ulimits)),
        linux("linuxParameters: capabilities, init, shared memory, tmpfs, devices and swap (memory plus"
            + " maxSwap, swappiness 60)", "linux-parameters", input(parameters)),
        linux("maxSwap without a memory limit is refused", "max-swap-without-memory",
            input(linuxContainer().linuxParameters(LinuxParameters.builder().maxSwap(64).build()).build())),
        linux("host pidMode and ipcMode share the host's namespaces", "namespaces-host",
            input(task(linuxContainer().build()).pidMode(PidMode.HOST).ipcMode(IpcMode.HOST).build())),
        linux("links point at the linked containers' Docker names and keep their alias", "links",
            input(linked).withContainerNames(Map.of("db", "ecs-app-3-db-1a2b", "cache", "ecs-app-3-cache-3c4d"))),
        linux("dependsOn and essential are the task engine's business, not Docker's", "engine-only-fields",
            input(linuxContainer().dependsOn(List.of(ContainerDependency.builder().containerName("db")
                .condition(dev.gantry.model.ContainerCondition.HEALTHY).build())).startTimeout(30).build())));
  }

  private static Stream<GoldenCase> refusals() {
    var everything = linuxContainer()
        .secrets(List.of(Secret.builder().name("DB_PASSWORD")
            .valueFrom("arn:aws:secretsmanager:us-east-1:000000000000:secret:db").build()))
        .environmentFiles(List.of(EnvironmentFile.builder().type(EnvironmentFileType.S3)
            .value("arn:aws:s3:::bucket/app.env").build()))
        .firelensConfiguration(FirelensConfiguration.builder().type(FirelensConfigurationType.FLUENTBIT).build())
        .resourceRequirements(List.of(ResourceRequirement.builder().type(ResourceType.GPU).value("1").build()))
        .build();
    return Stream.of(
        linux("secrets, S3 environment files, FireLens and GPUs are refused, each with its own reason",
            "unsupported", input(everything)),
        linux("a container without an image is refused", "no-image",
            input(linuxContainer().image(null).build())),
        linux("a task pidMode without a namespace container is refused", "namespaces-task-missing",
            input(task(linuxContainer().build()).pidMode(PidMode.TASK).build())));
  }

  static KeyValuePair kv(String name, String value) {
    return KeyValuePair.builder().name(name).value(value).build();
  }

  static PortMapping port(Integer containerPort, Integer hostPort, TransportProtocol protocol) {
    return PortMapping.builder().containerPort(containerPort).hostPort(hostPort).protocol(protocol).build();
  }

  static MountPoint mount(String volume, String path, Boolean readOnly) {
    return MountPoint.builder().sourceVolume(volume).containerPath(path).readOnly(readOnly).build();
  }
}
