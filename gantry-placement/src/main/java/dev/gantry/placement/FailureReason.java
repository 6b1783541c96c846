package dev.gantry.placement;

/**
 * Why a container instance could not take a task, as ECS names it in a {@code failures[]}
 * entry's {@code reason}. {@link #toString()} is the wire value.
 */
public enum FailureReason {
  /** The instance is not ACTIVE (DRAINING, REGISTERING, ...): it takes nothing new. */
  INACTIVE("INACTIVE"),
  AGENT("AGENT"),
  ATTRIBUTE("ATTRIBUTE"),
  RESOURCE_CPU("RESOURCE:CPU"),
  RESOURCE_MEMORY("RESOURCE:MEMORY"),
  RESOURCE_PORTS("RESOURCE:PORTS"),
  MEMBER_OF("MemberOf constraint"),
  DISTINCT_INSTANCE("DistinctInstance placement constraint");

  private final String wire;

  FailureReason(String wire) {
    this.wire = wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
