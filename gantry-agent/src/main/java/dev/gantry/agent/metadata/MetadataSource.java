package dev.gantry.agent.metadata;

import java.util.Optional;

/**
 * What the metadata endpoint asks the task engine: the facts about the task and container an
 * endpoint id was given to. The engine implements it from its own state; the endpoint calls it
 * once per request, from a virtual thread, so an implementation must be thread-safe and should
 * answer from memory (a snapshot), not from Docker.
 */
@FunctionalInterface
public interface MetadataSource {
  /** The container {@code endpointId} was given to, in its task; empty for ids never given out or forgotten. */
  Optional<EndpointView> viewOf(String endpointId);
}
