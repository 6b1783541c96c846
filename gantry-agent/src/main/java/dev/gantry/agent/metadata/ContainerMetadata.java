package dev.gantry.agent.metadata;

import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.TransportProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The container facts the metadata endpoint shows. Docker facts ({@code dockerId},
 * {@code dockerName}, {@code imageId}) are empty strings until Docker has created the
 * container, as in ECS. {@code cpuUnits} and {@code memoryMiB} are the container definition's
 * {@code cpu} and hard {@code memory} limit (0 when unset).
 */
public record ContainerMetadata(
    String name,
    String dockerId,
    String dockerName,
    String image,
    String imageId,
    List<Port> ports,
    Map<String, String> labels,
    AgentStatus desiredStatus,
    AgentStatus knownStatus,
    OptionalInt exitCode,
    int cpuUnits,
    long memoryMiB,
    Optional<Instant> createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<Health> health,
    List<Volume> volumes,
    Optional<String> logDriver,
    Map<String, String> logOptions,
    String containerArn,
    List<Network> networks) {

  public ContainerMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dockerId, "dockerId");
    Objects.requireNonNull(dockerName, "dockerName");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imageId, "imageId");
    ports = List.copyOf(ports);
    labels = Map.copyOf(labels);
    Objects.requireNonNull(desiredStatus, "desiredStatus");
    Objects.requireNonNull(knownStatus, "knownStatus");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(health, "health");
    volumes = List.copyOf(volumes);
    Objects.requireNonNull(logDriver, "logDriver");
    logOptions = Map.copyOf(logOptions);
    Objects.requireNonNull(containerArn, "containerArn");
    networks = List.copyOf(networks);
    if (cpuUnits < 0 || memoryMiB < 0) {
      throw new IllegalArgumentException("container " + name + " limits must not be negative: cpu " + cpuUnits
          + ", memory " + memoryMiB);
    }
  }

  /** A published port; {@code hostIp} is empty when Docker reported none. */
  public record Port(int containerPort, TransportProtocol protocol, int hostPort, String hostIp) {
    public Port {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(hostIp, "hostIp");
    }
  }

  /** A network the container is attached to, with its addresses there. */
  public record Network(NetworkMode networkMode, List<String> ipv4Addresses, List<String> ipv6Addresses) {
    public Network {
      Objects.requireNonNull(networkMode, "networkMode");
      ipv4Addresses = List.copyOf(ipv4Addresses);
      ipv6Addresses = List.copyOf(ipv6Addresses);
    }
  }

  /** The last health check result; shown only for containers with a health check. */
  public record Health(HealthStatus status, Optional<Instant> since, int exitCode, String output) {
    public Health {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(output, "output");
    }
  }

  /** A mount: the Docker volume name (empty for a bind mount), the host source and the container path. */
  public record Volume(String dockerName, String source, String destination) {
    public Volume {
      Objects.requireNonNull(dockerName, "dockerName");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
    }
  }

  public static Builder builder(String name, String image) {
    return new Builder(name, image);
  }

  /** Everything but the name and image is optional: statuses NONE, Docker facts empty, nothing listed. */
  public static final class Builder {
    private final String name;
    private final String image;
    private String dockerId = "";
    private String dockerName = "";
    private String imageId = "";
    private final List<Port> ports = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private AgentStatus desiredStatus = AgentStatus.NONE;
    private AgentStatus knownStatus = AgentStatus.NONE;
    private OptionalInt exitCode = OptionalInt.empty();
    private int cpuUnits;
    private long memoryMiB;
    private Optional<Instant> createdAt = Optional.empty();
    private Optional<Instant> startedAt = Optional.empty();
    private Optional<Instant> finishedAt = Optional.empty();
    private Optional<Health> health = Optional.empty();
    private final List<Volume> volumes = new ArrayList<>();
    private Optional<String> logDriver = Optional.empty();
    private final Map<String, String> logOptions = new LinkedHashMap<>();
    private String containerArn = "";
    private final List<Network> networks = new ArrayList<>();

    private Builder(String name, String image) {
      this.name = name;
      this.image = image;
    }

    /** The Docker container's id and name, once Docker has created it. */
    public Builder docker(String id, String dockerContainerName) {
      this.dockerId = id;
      this.dockerName = dockerContainerName;
      return this;
    }

    public Builder imageId(String value) {
      this.imageId = value;
      return this;
    }

    public Builder port(Port value) {
      this.ports.add(value);
      return this;
    }

    public Builder labels(Map<String, String> value) {
      this.labels.putAll(value);
      return this;
    }

    public Builder desiredStatus(AgentStatus value) {
      this.desiredStatus = value;
      return this;
    }

    public Builder knownStatus(AgentStatus value) {
      this.knownStatus = value;
      return this;
    }

    public Builder exitCode(int value) {
      this.exitCode = OptionalInt.of(value);
      return this;
    }

    public Builder limits(int cpu, long memory) {
      this.cpuUnits = cpu;
      this.memoryMiB = memory;
      return this;
    }

    public Builder createdAt(Instant value) {
      this.createdAt = Optional.of(value);
      return this;
    }

    public Builder startedAt(Instant value) {
      this.startedAt = Optional.of(value);
      return this;
    }

    public Builder finishedAt(Instant value) {
      this.finishedAt = Optional.of(value);
      return this;
    }

    public Builder health(Health value) {
      this.health = Optional.of(value);
      return this;
    }

    public Builder volume(Volume value) {
      this.volumes.add(value);
      return this;
    }

    public Builder log(String driver, Map<String, String> options) {
      this.logDriver = Optional.of(driver);
      this.logOptions.putAll(options);
      return this;
    }

    public Builder containerArn(String value) {
      this.containerArn = value;
      return this;
    }

    public Builder network(Network value) {
      this.networks.add(value);
      return this;
    }

    public ContainerMetadata build() {
      return new ContainerMetadata(name, dockerId, dockerName, image, imageId, ports, labels, desiredStatus,
          knownStatus, exitCode, cpuUnits, memoryMiB, createdAt, startedAt, finishedAt, health, volumes, logDriver,
          logOptions, containerArn, networks);
    }
  }
}
