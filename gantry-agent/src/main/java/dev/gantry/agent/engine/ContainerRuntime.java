package dev.gantry.agent.engine;

import dev.gantry.agent.docker.create.ContainerCreateConfig;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The container engine as the task engine uses it: images, the container lifecycle, and what a
 * container looks like now. {@link DockerContainerRuntime} is the Docker Engine API behind it.
 * Failures are {@link RuntimeFailure}s whose message is the engine's own words.
 */
public interface ContainerRuntime {

  boolean imageExists(String image);

  void pull(String image);

  /**
   * The image's {@code OsVersion} from Docker's image inspect (e.g. {@code 10.0.17763.5458} for a
   * Windows image); empty when Docker reports none, as for Linux images. A missing image is a
   * {@link RuntimeFailure}.
   */
  Optional<String> imageOsVersion(String image);

  /** Creates the container under {@code name}; returns its id. */
  String create(String name, ContainerCreateConfig config);

  void start(String id);

  /** SIGTERM, then SIGKILL after {@code timeout}; a stopped or missing container is fine. */
  void stop(String id, Duration timeout);

  /** The container now; empty when it no longer exists. */
  Optional<ContainerView> inspect(String id);

  /** Containers (running or not) carrying label {@code name=value}. */
  List<ContainerView> list(String label, String value);

  /** Removes the container and its anonymous volumes; a missing container is fine. */
  void remove(String id);

  /**
   * Subscribes to the engine's events about containers labelled {@code label=value} (Docker's
   * {@code /events}): returns once the subscription stands, so nothing that happens afterwards is
   * missed while the stream lasts. Only the actions {@link ContainerEvent#ACTIONS} are asked for.
   * Cannot subscribe: a {@link RuntimeFailure}.
   */
  ContainerEventStream events(String label, String value);

  /** An open event subscription; one reader at a time, {@link #close} from any thread. */
  interface ContainerEventStream extends AutoCloseable {
    /** The next event, waiting for it; empty when the engine ended the stream; a {@link RuntimeFailure} when it broke. */
    Optional<ContainerEvent> next();

    /** Ends the subscription; a {@link #next} waiting on another thread returns or fails. */
    @Override
    void close();
  }

  /**
   * Something happened to a container.
   *
   * @param id the container's id
   * @param action Docker's action: {@code die}, {@code oom}, {@code start}, {@code destroy}, or
   *     {@code health_status: <status>}
   * @param labels the container's labels as the event carries them
   */
  record ContainerEvent(String id, String action, Map<String, String> labels) {
    /** The actions that can change what the task engine knows of a container. */
    public static final List<String> ACTIONS = List.of("die", "oom", "health_status", "start", "destroy");

    public ContainerEvent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(action, "action");
      labels = Map.copyOf(labels);
    }
  }

  /**
   * One container as the engine reports it.
   *
   * @param state Docker's State.Status: created, running, paused, restarting, removing, exited, dead
   * @param exitCode set once the container exited
   * @param health Docker's health verdict; empty without a health check
   * @param error why it stopped, when Docker knows (OOM kill, start error)
   * @param imageId the image's id ({@code sha256:...}); empty when not known
   * @param createdAt when Docker created the container
   * @param ipv4Addresses the container's IPv4 address on each Docker network it is attached to, by network name
   */
  record ContainerView(String id, String name, String state, OptionalInt exitCode, Optional<Instant> startedAt,
      Optional<Instant> finishedAt, Optional<HealthStatus> health, Optional<String> error,
      Map<String, String> labels, List<NetworkBinding> networkBindings, String imageId,
      Optional<Instant> createdAt, Map<String, String> ipv4Addresses) {
    public ContainerView {
      labels = Map.copyOf(labels);
      networkBindings = List.copyOf(networkBindings);
      Objects.requireNonNull(imageId, "imageId");
      Objects.requireNonNull(createdAt, "createdAt");
      ipv4Addresses = Map.copyOf(ipv4Addresses);
    }

    /** A view without the image id, creation time and addresses (those only the metadata endpoint shows). */
    public ContainerView(String id, String name, String state, OptionalInt exitCode, Optional<Instant> startedAt,
        Optional<Instant> finishedAt, Optional<HealthStatus> health, Optional<String> error,
        Map<String, String> labels, List<NetworkBinding> networkBindings) {
      this(id, name, state, exitCode, startedAt, finishedAt, health, error, labels, networkBindings, "",
          Optional.empty(), Map.of());
    }

    public boolean running() {
      return state.equals("running") || state.equals("paused") || state.equals("restarting");
    }

    public boolean exited() {
      return state.equals("exited") || state.equals("dead");
    }
  }

  /** The engine refused or failed a call; the message says which call and what the engine said. */
  final class RuntimeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public RuntimeFailure(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The engine's HTTP status, 0 when it did not answer. */
    public int status() {
      return status;
    }
  }
}
