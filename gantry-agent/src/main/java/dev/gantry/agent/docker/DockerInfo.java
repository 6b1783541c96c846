package dev.gantry.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Engine's {@code GET /info} facts the agent registers with and plans containers by.
 *
 * @param osType {@code linux} or {@code windows}
 * @param operatingSystem e.g. "Debian GNU/Linux 12 (bookworm)", "Windows Server 2019 Datacenter Version 1809 (OS Build 17763.5458)"
 * @param kernelVersion e.g. "6.1.0-18-amd64"; on Windows "10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)"
 * @param ncpu logical CPUs the daemon sees
 * @param memTotal bytes of memory the daemon sees
 * @param serverVersion the engine's version, e.g. "27.5.1"
 * @param architecture the daemon's machine, e.g. "x86_64", "aarch64"
 * @param logDrivers the log drivers the daemon has (Plugins.Log); empty when it did not say
 * @param isolation the daemon's default isolation on Windows ("process", "hyperv"); empty on Linux
 */
public record DockerInfo(String osType, String operatingSystem, String kernelVersion, int ncpu, long memTotal,
    String serverVersion, String architecture, List<String> logDrivers, Optional<String> isolation) {

  private static final Pattern KERNEL_BUILD = Pattern.compile("^\\s*\\d+\\.\\d+\\s+(\\d+)");
  private static final Pattern OS_BUILD = Pattern.compile("OS Build (\\d+)");

  public DockerInfo {
    logDrivers = List.copyOf(logDrivers);
  }

  /** Reads the members Gantry uses from an /info answer; absent members become empty or 0. */
  public static DockerInfo fromJson(JsonNode info) {
    List<String> logDrivers = new ArrayList<>();
    info.path("Plugins").path("Log").forEach(n -> logDrivers.add(n.asText()));
    String isolation = info.path("Isolation").asText("");
    return new DockerInfo(info.path("OSType").asText(""), info.path("OperatingSystem").asText(""),
        info.path("KernelVersion").asText(""), info.path("NCPU").asInt(0), info.path("MemTotal").asLong(0),
        info.path("ServerVersion").asText(""), info.path("Architecture").asText(""), logDrivers,
        isolation.isEmpty() ? Optional.empty() : Optional.of(isolation));
  }

  public boolean windows() {
    return osType.toLowerCase(Locale.ROOT).equals("windows");
  }

  /** MemTotal in MiB, rounded down. */
  public long memTotalMiB() {
    return memTotal / (1024 * 1024);
  }

  /**
   * The Windows OS build number (17763 for Windows Server 2019): from the kernel version's second
   * field, else from "OS Build" in the operating system name. Empty on Linux.
   */
  public OptionalInt windowsBuild() {
    if (!windows()) {
      return OptionalInt.empty();
    }
    Matcher k = KERNEL_BUILD.matcher(kernelVersion);
    if (k.find()) {
      return OptionalInt.of(Integer.parseInt(k.group(1)));
    }
    Matcher o = OS_BUILD.matcher(operatingSystem);
    return o.find() ? OptionalInt.of(Integer.parseInt(o.group(1))) : OptionalInt.empty();
  }
}
