package dev.gantry.agent.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the configuration's defaults depend on besides the environment, read from the host by
 * {@link #detect()} so that {@link AgentConfig#parse} itself stays pure.
 *
 * @param os the host OS (Windows defaults where ECS's differ)
 * @param ipLocalPortRange the contents of /proc/sys/net/ipv4/ip_local_port_range (Linux)
 * @param machineId a stable host id (/etc/machine-id, Windows MachineGuid): the default GANTRY_INSTANCE_ID
 * @param hostname the host name: the default GANTRY_INSTANCE_ID when there is no machine id
 * @param windowsInstallationType the registry's InstallationType ("Server", "Server Core") on Windows
 */
public record HostFacts(HostOs os, Optional<String> ipLocalPortRange, Optional<String> machineId, String hostname,
    Optional<String> windowsInstallationType) {

  private static final String CURRENT_VERSION_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
  private static final String CRYPTOGRAPHY_KEY = "HKLM\\SOFTWARE\\Microsoft\\Cryptography";

  public HostFacts {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(ipLocalPortRange, "ipLocalPortRange");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(windowsInstallationType, "windowsInstallationType");
  }

  /** A Linux host with nothing read: tests and callers that know better fill in the rest. */
  public static HostFacts linux(String hostname) {
    return new HostFacts(HostOs.LINUX, Optional.empty(), Optional.empty(), hostname, Optional.empty());
  }

  /** Reads the facts of the machine this JVM runs on; what cannot be read stays empty. */
  public static HostFacts detect() {
    HostOs os = HostOs.of(System.getProperty("os.name"));
    if (os == HostOs.WINDOWS) {
      return new HostFacts(os, Optional.empty(), registryValue(CRYPTOGRAPHY_KEY, "MachineGuid"), localHostName(),
          registryValue(CURRENT_VERSION_KEY, "InstallationType"));
    }
    return new HostFacts(os, read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")),
        read(Path.of("/etc/machine-id")).or(() -> read(Path.of("/var/lib/dbus/machine-id"))), localHostName(),
        Optional.empty());
  }

  private static Optional<String> read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return Optional.ofNullable(System.getenv("COMPUTERNAME")).orElse("localhost");
    }
  }

  /** One REG_SZ value through reg.exe: the JDK has no registry API. */
  private static Optional<String> registryValue(String key, String value) {
    try {
      Process p = new ProcessBuilder("reg", "query", key, "/v", value).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      Matcher m = Pattern.compile(Pattern.quote(value) + "\\s+REG_SZ\\s+(.+)").matcher(out);
      return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
