package dev.gantry.agent.metadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The task facts the metadata endpoint shows under {@code /task}. The launch type is always
 * EC2 (Gantry's agents are container instances). Task-level {@code cpuUnits} and
 * {@code memoryMiB} are those of the task definition, 0 when it sets none (the endpoint then
 * leaves them out, as ECS does).
 */
public record TaskMetadata(
    String cluster,
    String taskArn,
    String family,
    int revision,
    AgentStatus desiredStatus,
    AgentStatus knownStatus,
    int cpuUnits,
    long memoryMiB,
    Optional<Instant> pullStartedAt,
    Optional<Instant> pullStoppedAt,
    Optional<Instant> executionStoppedAt,
    String availabilityZone,
    Optional<String> serviceName,
    List<ContainerMetadata> containers) {

  public TaskMetadata {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(taskArn, "taskArn");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(desiredStatus, "desiredStatus");
    Objects.requireNonNull(knownStatus, "knownStatus");
    Objects.requireNonNull(pullStartedAt, "pullStartedAt");
    Objects.requireNonNull(pullStoppedAt, "pullStoppedAt");
    Objects.requireNonNull(executionStoppedAt, "executionStoppedAt");
    Objects.requireNonNull(availabilityZone, "availabilityZone");
    Objects.requireNonNull(serviceName, "serviceName");
    containers = List.copyOf(containers);
    if (cpuUnits < 0 || memoryMiB < 0) {
      throw new IllegalArgumentException("task limits must not be negative: cpu " + cpuUnits + ", memory " + memoryMiB);
    }
  }

  /** The container named {@code name} in this task. */
  public Optional<ContainerMetadata> container(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public static Builder builder(String cluster, String taskArn, String family, int revision) {
    return new Builder(cluster, taskArn, family, revision);
  }

  /** Everything but the identity is optional: statuses start at NONE, times absent, no containers. */
  public static final class Builder {
    private final String cluster;
    private final String taskArn;
    private final String family;
    private final int revision;
    private AgentStatus desiredStatus = AgentStatus.NONE;
    private AgentStatus knownStatus = AgentStatus.NONE;
    private int cpuUnits;
    private long memoryMiB;
    private Optional<Instant> pullStartedAt = Optional.empty();
    private Optional<Instant> pullStoppedAt = Optional.empty();
    private Optional<Instant> executionStoppedAt = Optional.empty();
    private String availabilityZone = "";
    private Optional<String> serviceName = Optional.empty();
    private final List<ContainerMetadata> containers = new ArrayList<>();

    private Builder(String cluster, String taskArn, String family, int revision) {
      this.cluster = cluster;
      this.taskArn = taskArn;
      this.family = family;
      this.revision = revision;
    }

    public Builder desiredStatus(AgentStatus value) {
      this.desiredStatus = value;
      return this;
    }

    public Builder knownStatus(AgentStatus value) {
      this.knownStatus = value;
      return this;
    }

    /** Task-level limits from the task definition; 0 for none. */
    public Builder limits(int cpuUnits, long memoryMiB) {
      this.cpuUnits = cpuUnits;
      this.memoryMiB = memoryMiB;
      return this;
    }

    public Builder pullStartedAt(Instant value) {
      this.pullStartedAt = Optional.of(value);
      return this;
    }

    public Builder pullStoppedAt(Instant value) {
      this.pullStoppedAt = Optional.of(value);
      return this;
    }

    public Builder executionStoppedAt(Instant value) {
      this.executionStoppedAt = Optional.of(value);
      return this;
    }

    public Builder availabilityZone(String value) {
      this.availabilityZone = value;
      return this;
    }

    public Builder serviceName(String value) {
      this.serviceName = Optional.of(value);
      return this;
    }

    public Builder container(ContainerMetadata value) {
      this.containers.add(value);
      return this;
    }

    public TaskMetadata build() {
      return new TaskMetadata(cluster, taskArn, family, revision, desiredStatus, knownStatus, cpuUnits, memoryMiB,
          pullStartedAt, pullStoppedAt, executionStoppedAt, availabilityZone, serviceName, containers);
    }
  }
}
