package dev.gantry.agent.docker.create;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of Docker Engine API {@code POST /containers/create}, member for member: each
 * component carries Docker's JSON name, so its JSON is the wire body the agent sends as is.
 * Like the generated ECS wire records, an absent member is null and is left out of the JSON, so
 * that Docker (or the image) applies its own default. Maps are sorted so the JSON is stable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerCreateConfig(
    @JsonProperty("Image") String image,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("User") String user,
    @JsonProperty("Hostname") String hostname,
    @JsonProperty("Labels") Map<String, String> labels,
    @JsonProperty("ExposedPorts") Map<String, Map<String, String>> exposedPorts,
    @JsonProperty("Healthcheck") Healthcheck healthcheck,
    @JsonProperty("StopTimeout") Integer stopTimeout,
    @JsonProperty("NetworkDisabled") Boolean networkDisabled,
    @JsonProperty("OpenStdin") Boolean openStdin,
    @JsonProperty("Tty") Boolean tty,
    @JsonProperty("HostConfig") HostConfig hostConfig) {

  /** Docker's {@code HostConfig}: resources, networking, mounts and privileges. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HostConfig(
      @JsonProperty("NetworkMode") String networkMode,
      @JsonProperty("Isolation") String isolation,
      @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
      @JsonProperty("Links") List<String> links,
      @JsonProperty("Binds") List<String> binds,
      @JsonProperty("Mounts") List<Mount> mounts,
      @JsonProperty("VolumesFrom") List<String> volumesFrom,
      @JsonProperty("Tmpfs") Map<String, String> tmpfs,
      @JsonProperty("Memory") Long memory,
      @JsonProperty("MemoryReservation") Long memoryReservation,
      @JsonProperty("MemorySwap") Long memorySwap,
      @JsonProperty("MemorySwappiness") Integer memorySwappiness,
      @JsonProperty("CpuShares") Integer cpuShares,
      @JsonProperty("CpuPercent") Integer cpuPercent,
      @JsonProperty("ShmSize") Long shmSize,
      @JsonProperty("Ulimits") List<UlimitSetting> ulimits,
      @JsonProperty("CapAdd") List<String> capAdd,
      @JsonProperty("CapDrop") List<String> capDrop,
      @JsonProperty("Devices") List<DeviceMapping> devices,
      @JsonProperty("Init") Boolean init,
      @JsonProperty("Privileged") Boolean privileged,
      @JsonProperty("ReadonlyRootfs") Boolean readonlyRootfs,
      @JsonProperty("Dns") List<String> dns,
      @JsonProperty("DnsSearch") List<String> dnsSearch,
      @JsonProperty("ExtraHosts") List<String> extraHosts,
      @JsonProperty("PidMode") String pidMode,
      @JsonProperty("IpcMode") String ipcMode,
      @JsonProperty("SecurityOpt") List<String> securityOpt,
      @JsonProperty("Sysctls") Map<String, String> sysctls,
      @JsonProperty("LogConfig") LogConfig logConfig) {
  }

  /** A health check; durations in nanoseconds, as Docker takes them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Healthcheck(
      @JsonProperty("Test") List<String> test,
      @JsonProperty("Interval") Long interval,
      @JsonProperty("Timeout") Long timeout,
      @JsonProperty("Retries") Integer retries,
      @JsonProperty("StartPeriod") Long startPeriod) {
  }

  /** One host side of a published port; an absent HostIp means every address. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PortBinding(
      @JsonProperty("HostIp") String hostIp,
      @JsonProperty("HostPort") String hostPort) {
  }

  /** A Docker-managed volume mount; Docker creates the volume with these options if it is missing. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mount(
      @JsonProperty("Type") String type,
      @JsonProperty("Source") String source,
      @JsonProperty("Target") String target,
      @JsonProperty("ReadOnly") Boolean readOnly,
      @JsonProperty("VolumeOptions") VolumeOptions volumeOptions) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VolumeOptions(
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("DriverConfig") DriverConfig driverConfig) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DriverConfig(
      @JsonProperty("Name") String name,
      @JsonProperty("Options") Map<String, String> options) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UlimitSetting(
      @JsonProperty("Name") String name,
      @JsonProperty("Soft") Integer soft,
      @JsonProperty("Hard") Integer hard) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeviceMapping(
      @JsonProperty("PathOnHost") String pathOnHost,
      @JsonProperty("PathInContainer") String pathInContainer,
      @JsonProperty("CgroupPermissions") String cgroupPermissions) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LogConfig(
      @JsonProperty("Type") String type,
      @JsonProperty("Config") Map<String, String> config) {
  }
}
