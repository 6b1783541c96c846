package dev.gantry.agent.engine;

import dev.gantry.agent.metadata.EndpointView;
import dev.gantry.agent.metadata.MetadataSource;
import dev.gantry.agent.metadata.TaskMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The task engine's side of the metadata endpoint: which task container each endpoint id was
 * given to, and that task's latest metadata snapshot. Task workers publish a fresh immutable
 * {@link TaskMetadata} after every step, so a request (on the endpoint's thread) reads memory,
 * never Docker, and never the worker's own state. Created before the endpoint and the engine,
 * since each needs it: {@code MetadataEndpoint.start(address, port, book)}, then
 * {@code new TaskEngine(..., Optional.of(EngineMetadata.of(book, endpoint, zone)))}.
 */
public final class TaskMetadataBook implements MetadataSource {
  private record Entry(Supplier<Optional<TaskMetadata>> task, String containerName) {}

  private final Map<String, Entry> byId = new ConcurrentHashMap<>();

  @Override
  public Optional<EndpointView> viewOf(String endpointId) {
    Entry e = byId.get(endpointId);
    if (e == null) {
      return Optional.empty();
    }
    return e.task().get().filter(t -> t.container(e.containerName()).isPresent())
        .map(t -> new EndpointView(t, e.containerName()));
  }

  /** From now on {@code endpointId} answers for {@code containerName} in the task {@code task} gives. */
  void register(String endpointId, String containerName, Supplier<Optional<TaskMetadata>> task) {
    byId.put(endpointId, new Entry(task, containerName));
  }

  /** The id answers 404 from now on (its task was cleaned up). */
  void forget(String endpointId) {
    byId.remove(endpointId);
  }
}
