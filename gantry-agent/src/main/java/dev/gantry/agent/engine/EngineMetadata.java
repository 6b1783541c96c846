package dev.gantry.agent.engine;

import dev.gantry.agent.metadata.MetadataEndpoint;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * How the task engine serves task metadata, when it does: the book the endpoint answers from,
 * the URI a container gets for its endpoint id ({@code ECS_CONTAINER_METADATA_URI_V4}), the
 * instance's availability zone (shown in {@code /task}), and where endpoint ids come from (they
 * are a container's only credential, so a SecureRandom outside tests).
 */
public record EngineMetadata(TaskMetadataBook book, Function<String, URI> uriFor, String availabilityZone,
    RandomGenerator ids) {

  public EngineMetadata {
    Objects.requireNonNull(book, "book");
    Objects.requireNonNull(uriFor, "uriFor");
    Objects.requireNonNull(availabilityZone, "availabilityZone");
    Objects.requireNonNull(ids, "ids");
  }

  /** The production wiring: {@code endpoint} was started with {@code book} as its source. */
  public static EngineMetadata of(TaskMetadataBook book, MetadataEndpoint endpoint, String availabilityZone) {
    return new EngineMetadata(book, endpoint::uriFor, availabilityZone, new SecureRandom());
  }

  String newEndpointId() {
    return MetadataEndpoint.newEndpointId(ids);
  }
}
