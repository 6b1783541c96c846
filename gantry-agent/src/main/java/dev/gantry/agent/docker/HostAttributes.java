package dev.gantry.agent.docker;

import dev.gantry.model.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The built-in container-instance attributes that follow from the Docker Engine: the host's OS
 * type, OS family and CPU architecture, and the capabilities Gantry's agent really has on this
 * engine. Pure: Docker's answers come in, attributes go out.
 *
 * <p>OS family follows the ECS agent: Windows builds 14393, 17763, 19041, 19042, 20348 and
 * 26100 are Server 2016, 2019, 2004, 20H2, 2022 and 2025; the installation type "Server" is
 * FULL and "Server Core" CORE (Docker does not report it, so it comes from the registry, and
 * CORE is assumed without it); an unknown build is plain {@code windows}, which no task
 * definition's operatingSystemFamily matches.
 *
 * <p>Capabilities are those task definitions can require and this agent honours (see the
 * server's RequiresAttributes): every Docker remote API version from 1.17 up to the engine's,
 * because the features of an older API version are all available through a newer one; the
 * json-file and none log drivers where the engine has them; health checks (API 1.24);
 * container ordering (dependsOn); and local Docker volumes.
 */
public final class HostAttributes {
  public static final String OS_TYPE = "ecs.os-type";
  public static final String OS_FAMILY = "ecs.os-family";
  public static final String CPU_ARCHITECTURE = "ecs.cpu-architecture";
  public static final String DOCKER_API = "com.amazonaws.ecs.capability.docker-remote-api.";
  public static final String LOGGING_DRIVER = "com.amazonaws.ecs.capability.logging-driver.";
  public static final String HEALTH_CHECK = "ecs.capability.container-health-check";
  public static final String CONTAINER_ORDERING = "ecs.capability.container-ordering";
  public static final String LOCAL_VOLUMES = "ecs.capability.docker-plugin.local";
  /** The oldest Docker API version ECS names as a capability. */
  static final ApiVersion FIRST_API = new ApiVersion(1, 17);
  static final ApiVersion HEALTH_CHECK_API = new ApiVersion(1, 24);
  static final ApiVersion VOLUME_PLUGIN_API = new ApiVersion(1, 25);
  /** The log drivers the agent can configure containers with. */
  static final List<String> SUPPORTED_LOG_DRIVERS = List.of("json-file", "none");

  private static final Map<Integer, String> WINDOWS_RELEASES = Map.of(
      14393, "2016", 17763, "2019", 19041, "2004", 19042, "20H2", 20348, "2022", 26100, "2025");

  private HostAttributes() {}

  /**
   * All built-in attributes in a stable order: os-type, os-family, cpu-architecture, then the
   * capabilities.
   */
  public static List<Attribute> of(DockerInfo info, DockerVersion version, Optional<String> windowsInstallationType) {
    List<Attribute> out = new ArrayList<>();
    out.add(attribute(OS_TYPE, osType(info)));
    out.add(attribute(OS_FAMILY, osFamily(info, windowsInstallationType)));
    out.add(attribute(CPU_ARCHITECTURE, cpuArchitecture(info)));
    capabilities(info, version).forEach(name -> out.add(Attribute.builder().name(name).build()));
    return List.copyOf(out);
  }

  public static String osType(DockerInfo info) {
    return info.windows() ? "windows" : "linux";
  }

  public static String osFamily(DockerInfo info, Optional<String> windowsInstallationType) {
    if (!info.windows()) {
      return "LINUX";
    }
    OptionalInt build = info.windowsBuild();
    String release = build.isPresent() ? WINDOWS_RELEASES.get(build.getAsInt()) : null;
    if (release == null) {
      return "windows";
    }
    boolean full = windowsInstallationType.map(String::strip).filter("Server"::equalsIgnoreCase).isPresent();
    return "WINDOWS_SERVER_" + release + (full ? "_FULL" : "_CORE");
  }

  /** ECS's names: x86_64 and arm64; other machines as Docker names them, lower-cased. */
  public static String cpuArchitecture(DockerInfo info) {
    String arch = info.architecture().toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "x86_64", "amd64", "x64" -> "x86_64";
      case "aarch64", "arm64", "arm64v8" -> "arm64";
      default -> arch;
    };
  }

  public static List<String> capabilities(DockerInfo info, DockerVersion version) {
    List<String> out = new ArrayList<>();
    ApiVersion api = version.apiVersion();
    if (api.major() == FIRST_API.major()) {
      for (int minor = FIRST_API.minor(); minor <= api.minor(); minor++) {
        out.add(DOCKER_API + FIRST_API.major() + "." + minor);
      }
    }
    for (String driver : SUPPORTED_LOG_DRIVERS) {
      if (info.logDrivers().isEmpty() || info.logDrivers().contains(driver)) {
        out.add(LOGGING_DRIVER + driver);
      }
    }
    if (api.atLeast(HEALTH_CHECK_API)) {
      out.add(HEALTH_CHECK);
    }
    out.add(CONTAINER_ORDERING);
    if (api.atLeast(VOLUME_PLUGIN_API)) {
      out.add(LOCAL_VOLUMES);
    }
    return List.copyOf(out);
  }

  private static Attribute attribute(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }
}
