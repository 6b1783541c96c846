package dev.gantry.placement;

import dev.gantry.model.Attribute;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One feasibility rule: whether instance {@code i} can take the next task, answered with the
 * ECS reason when it cannot (never a bare boolean, so every exclusion is explained).
 *
 * <p>A rule is {@link #dynamic()} when placing a task can change its answer; within one request
 * every task is identical and instances only lose capacity, so an instance a rule rejected
 * stays rejected, and after a placement only the chosen instance needs checking again.
 */
sealed interface InstanceFilter {
  /**
   * The attribute a Windows agent advertises when it runs with
   * {@code ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true}: only then may a task whose
   * containers set {@code memoryReservation} without a hard {@code memory} go there.
   */
  String WINDOWS_MEMORY_WORKAROUND = "gantry.capability.windows-memory-unbounded-workaround";
  String OS_FAMILY = "ecs.os-family";

  Optional<FailureReason> reject(PlacementState s, int i);

  default boolean dynamic() {
    return false;
  }

  /**
   * The rules for a request, cheapest and most telling first; resources before constraints.
   * Rules that cannot reject anything for this request (no OS family, no required attributes,
   * no reservation-only memory, no static ports) are left out: the filter pass runs over every
   * instance for every request, so each rule skipped there is a measurable share of placement.
   */
  static List<InstanceFilter> forRequest(PlacementRequest request) {
    TaskDemand demand = request.demand();
    List<InstanceFilter> filters = new java.util.ArrayList<>(List.of(new Status(), new Agent()));
    if (request.osFamily().isPresent()) {
      filters.add(new OsFamily());
    }
    if (!request.requiresAttributes().isEmpty()) {
      filters.add(new RequiredAttributes());
    }
    if (demand.memoryReservationOnly()) {
      filters.add(new WindowsMemory());
    }
    filters.add(new Cpu());
    filters.add(new Memory());
    if (!demand.tcpPorts().isEmpty() || !demand.udpPorts().isEmpty()) {
      filters.add(new Ports());
    }
    if (demand.dynamicPorts() > 0) {
      filters.add(new DynamicPorts());
    }
    for (Constraint c : request.constraints()) {
      filters.add(switch (c) {
        case Constraint.MemberOf m -> new MemberOf(m.predicate());
        case Constraint.DistinctInstance d -> new DistinctInstance();
      });
    }
    return List.copyOf(filters);
  }

  private static Optional<FailureReason> when(boolean rejected, FailureReason reason) {
    return rejected ? Optional.of(reason) : Optional.empty();
  }

  /** Only ACTIVE instances take tasks; DRAINING ones only lose them. */
  record Status() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(s.view(i).status() != dev.gantry.model.ContainerInstanceStatus.ACTIVE, FailureReason.INACTIVE);
    }
  }

  record Agent() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(!s.view(i).agentConnected(), FailureReason.AGENT);
    }
  }

  /** runtimePlatform.operatingSystemFamily against ecs.os-family; an instance without it is LINUX. */
  record OsFamily() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      Optional<String> wanted = s.request().osFamily();
      return when(wanted.isPresent() && !wanted.get().equals(s.view(i).attribute(OS_FAMILY).orElse("LINUX")),
          FailureReason.ATTRIBUTE_OS_FAMILY);
    }
  }

  /** Every requiresAttributes entry present, with its value when it names one. */
  record RequiredAttributes() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      for (Attribute a : s.request().requiresAttributes()) {
        Optional<String> has = s.view(i).attribute(a.name());
        if (has.isEmpty() || (a.value() != null && !a.value().equals(has.get()))) {
          return Optional.of(FailureReason.ATTRIBUTE);
        }
      }
      return Optional.empty();
    }
  }

  /** Windows enforces hard memory limits only, unless the agent runs the unbounded workaround. */
  record WindowsMemory() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      if (!s.request().demand().memoryReservationOnly()) {
        return Optional.empty();
      }
      InstanceView v = s.view(i);
      boolean windows = v.attribute(OS_FAMILY).orElse("LINUX").toUpperCase(Locale.ROOT).startsWith("WINDOWS");
      return when(windows && v.attribute(WINDOWS_MEMORY_WORKAROUND).isEmpty(), FailureReason.ATTRIBUTE_WINDOWS_MEMORY);
    }
  }

  record Cpu() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(s.request().demand().cpu() > s.remainingCpu(i), FailureReason.RESOURCE_CPU);
    }

    @Override
    public boolean dynamic() {
      return true;
    }
  }

  record Memory() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(s.request().demand().memory() > s.remainingMemory(i), FailureReason.RESOURCE_MEMORY);
    }

    @Override
    public boolean dynamic() {
      return true;
    }
  }

  /** Static host ports, TCP and UDP apart; a task asking twice for one port never fits. */
  record Ports() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      TaskDemand d = s.request().demand();
      Set<Integer> seen = new HashSet<>();
      for (int p : d.tcpPorts()) {
        if (!seen.add(p) || !s.tcpPortFree(i, p)) {
          return Optional.of(FailureReason.RESOURCE_PORTS);
        }
      }
      seen.clear();
      for (int p : d.udpPorts()) {
        if (!seen.add(p) || !s.udpPortFree(i, p)) {
          return Optional.of(FailureReason.RESOURCE_PORTS);
        }
      }
      return Optional.empty();
    }

    @Override
    public boolean dynamic() {
      return true;
    }
  }

  /**
   * Port mappings without a host port take that many ports from the instance's ephemeral range;
   * an instance whose range is used up cannot take the task, as for a static port.
   */
  record DynamicPorts() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(s.request().demand().dynamicPorts() > s.remainingDynamicPorts(i), FailureReason.RESOURCE_PORTS);
    }

    @Override
    public boolean dynamic() {
      return true;
    }
  }

  /**
   * Evaluated on the snapshot: subjects that placement changes ({@code runningTasksCount},
   * {@code task:group}) see the instance as it was before this call.
   */
  record MemberOf(InstancePredicate predicate) implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(!predicate.test(s.view(i)), FailureReason.MEMBER_OF);
    }
  }

  record DistinctInstance() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(s.groupTasks(i) > 0, FailureReason.DISTINCT_INSTANCE);
    }

    @Override
    public boolean dynamic() {
      return true;
    }
  }
}
