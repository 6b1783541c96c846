package dev.gantry.placement;

/**
 * Why a container instance could not take a task, as ECS names it in a {@code failures[]}
 * entry's {@code reason}. {@link #toString()} is the wire value; {@link #label()} is how the
 * {@code detail} sentence names it, which says more where one ECS reason covers several rules.
 */
public enum FailureReason {
  /** The instance is not ACTIVE (DRAINING, REGISTERING, ...): it takes nothing new. */
  INACTIVE("INACTIVE"),
  AGENT("AGENT"),
  /** A {@code requiresAttributes} entry the instance does not advertise. */
  ATTRIBUTE("ATTRIBUTE"),
  /** The instance's {@code ecs.os-family} is not the task definition's operating system family. */
  ATTRIBUTE_OS_FAMILY("ATTRIBUTE", "ATTRIBUTE (ecs.os-family is not the task definition's "
      + "runtimePlatform.operatingSystemFamily)"),
  /** The instance's {@code ecs.cpu-architecture} is not the task definition's CPU architecture. */
  ATTRIBUTE_CPU_ARCHITECTURE("ATTRIBUTE", "ATTRIBUTE (ecs.cpu-architecture is not the task definition's "
      + "runtimePlatform.cpuArchitecture)"),
  /** A Windows instance without the unbounded-memory workaround, for a task with memoryReservation alone. */
  ATTRIBUTE_WINDOWS_MEMORY("ATTRIBUTE", "ATTRIBUTE (a container sets memoryReservation without memory, which "
      + "Windows instances take only when their agent runs with ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true)"),
  RESOURCE_CPU("RESOURCE:CPU"),
  RESOURCE_MEMORY("RESOURCE:MEMORY"),
  RESOURCE_PORTS("RESOURCE:PORTS"),
  MEMBER_OF("MemberOf constraint"),
  DISTINCT_INSTANCE("DistinctInstance placement constraint");

  private final String wire;
  private final String label;

  FailureReason(String wire) {
    this(wire, wire);
  }

  FailureReason(String wire, String label) {
    this.wire = wire;
    this.label = label;
  }

  /** The reason as the {@code detail} sentence names it. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return wire;
  }
}
