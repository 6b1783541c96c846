package dev.gantry.agent.engine;

import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the engine knows about one container of a task: its step, the Docker container behind
 * it, how it ended, its health and published ports.
 *
 * @param since when the container reached {@code status} (dependency start timeouts count from it)
 * @param startedAt when Docker started it; empty if it never ran
 * @param health Docker's health check verdict; empty when the container has no health check
 */
public record ContainerState(String name, ContainerStatus status, Optional<String> runtimeId, OptionalInt exitCode,
    Optional<String> reason, Optional<HealthStatus> health, Instant since, Optional<Instant> startedAt,
    List<NetworkBinding> networkBindings) {

  public ContainerState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(runtimeId, "runtimeId");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(startedAt, "startedAt");
    networkBindings = List.copyOf(networkBindings);
  }

  /** A container nothing has been done for yet. */
  public static ContainerState initial(String name, Instant now) {
    return new ContainerState(name, ContainerStatus.NONE, Optional.empty(), OptionalInt.empty(), Optional.empty(),
        Optional.empty(), now, Optional.empty(), List.of());
  }

  /** This container moved on to {@code next} at {@code now}; a step never goes back. */
  public ContainerState advanced(ContainerStatus next, Instant now) {
    if (!next.atLeast(status) || next == status) {
      return this;
    }
    return new ContainerState(name, next, runtimeId, exitCode, reason, health, now, startedAt, networkBindings);
  }

  public ContainerState withRuntimeId(String id) {
    return new ContainerState(name, status, Optional.of(id), exitCode, reason, health, since, startedAt,
        networkBindings);
  }

  public ContainerState withExit(OptionalInt code, Optional<String> why) {
    return new ContainerState(name, status, runtimeId, code, why, health, since, startedAt, networkBindings);
  }

  public ContainerState withHealth(Optional<HealthStatus> value) {
    return new ContainerState(name, status, runtimeId, exitCode, reason, value, since, startedAt, networkBindings);
  }

  public ContainerState withStartedAt(Instant value) {
    return new ContainerState(name, status, runtimeId, exitCode, reason, health, since, Optional.of(value),
        networkBindings);
  }

  public ContainerState withNetworkBindings(List<NetworkBinding> value) {
    return new ContainerState(name, status, runtimeId, exitCode, reason, health, since, startedAt, value);
  }

  /** Stopped without ever running, for {@code why}: a pull or create that failed, a dependency that never came. */
  public ContainerState abandoned(String why, Instant now) {
    return advanced(ContainerStatus.STOPPED, now).withExit(OptionalInt.empty(), Optional.of(why));
  }
}
