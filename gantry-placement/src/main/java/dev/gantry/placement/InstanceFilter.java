package dev.gantry.placement;

import dev.gantry.model.Attribute;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One feasibility rule: whether instance {@code i} can take the next task, answered with the
 * ECS reason when it cannot (never a bare boolean, so every exclusion is explained).
 *
 * <p>A rule is {@link #dynamic()} when placing a task can change its answer; within one request
 * every task is identical and instances only lose capacity, so an instance a rule rejected
 * stays rejected, and after a placement only the chosen instance needs checking again.
 *
 * <p>The first pass of a request runs each rule over all the candidates left by the rules before
 * it ({@link #retain}), so every loop is one rule over flat arrays. A rule that reads nothing but
 * some attributes says which ({@link #attributesRead()}) and is asked once per distinct
 * combination of their values (a handful per cluster) rather than once per instance.
 */
sealed interface InstanceFilter {
  /**
   * The attribute a Windows agent advertises when it runs with
   * {@code ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true}: only then may a task whose
   * containers set {@code memoryReservation} without a hard {@code memory} go there.
   */
  String WINDOWS_MEMORY_WORKAROUND = "gantry.capability.windows-memory-unbounded-workaround";
  String OS_FAMILY = "ecs.os-family";
  String CPU_ARCHITECTURE = InstanceView.CPU_ARCHITECTURE;

  Optional<FailureReason> reject(PlacementState s, int i);

  default boolean dynamic() {
    return false;
  }

  /**
   * The attributes the answer depends on, when it depends on nothing else of the instance (nor
   * on the tasks placed by this request); empty when it may read anything.
   */
  default Optional<Set<String>> attributesRead() {
    return Optional.empty();
  }

  /**
   * Keeps, in order, the first {@code count} {@code candidates} this rule accepts and records
   * in {@code excluded} the reason of each one it rejects; returns how many it kept.
   */
  default int retain(PlacementState s, int[] candidates, int count, Exclusions excluded) {
    Optional<Set<String>> attributes = attributesRead();
    if (attributes.isPresent()) {
      return retainByClass(this, s, s.attributes(attributes.get().stream().sorted().toList()), candidates,
          count, excluded);
    }
    int kept = 0;
    for (int slot = 0; slot < count; slot++) {
      int i = candidates[slot];
      Optional<FailureReason> reason = reject(s, i);
      if (reason.isEmpty()) {
        candidates[kept++] = i;
      } else {
        excluded.exclude(i, reason.get());
      }
    }
    return kept;
  }

  /** {@link #retain} asking {@code rule} once per class, of the class's first instance. */
  private static int retainByClass(InstanceFilter rule, PlacementState s, AttributeColumn classes, int[] candidates,
      int count, Exclusions excluded) {
    @SuppressWarnings("unchecked")
    Optional<FailureReason>[] answers = new Optional[classes.classes()];
    int kept = 0;
    for (int slot = 0; slot < count; slot++) {
      int i = candidates[slot];
      int c = classes.classOf(i);
      Optional<FailureReason> answer = answers[c];
      if (answer == null) {
        answer = rule.reject(s, classes.representative(c));
        answers[c] = answer;
      }
      if (answer.isEmpty()) {
        candidates[kept++] = i;
      } else {
        excluded.exclude(i, answer.get());
      }
    }
    return kept;
  }

  /**
   * The rules for a request, cheapest and most telling first; resources before constraints.
   * Rules that cannot reject anything for this request (no OS family or CPU architecture, no required attributes,
   * no reservation-only memory, no static ports) are left out: the filter pass runs over every
   * instance for every request, so each rule skipped there is a measurable share of placement.
   */
  static List<InstanceFilter> forRequest(PlacementRequest request) {
    TaskDemand demand = request.demand();
    List<InstanceFilter> filters = new java.util.ArrayList<>(List.of(new Status(), new Agent()));
    if (request.osFamily().isPresent()) {
      filters.add(new OsFamily());
    }
    if (demand.cpuArchitecture().isPresent()) {
      filters.add(new CpuArchitecture());
    }
    if (!request.requiresAttributes().isEmpty()) {
      filters.add(new RequiredAttributes(request.requiresAttributes().stream().map(Attribute::name)
          .collect(java.util.stream.Collectors.toUnmodifiableSet())));
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
    return rejected ? Rejections.OF.get(reason) : Optional.empty();
  }

  /** One Optional per reason, so that a rejection allocates nothing in the pass over every instance. */
  final class Rejections {
    static final Map<FailureReason, Optional<FailureReason>> OF = new EnumMap<>(FailureReason.class);

    static {
      for (FailureReason r : FailureReason.values()) {
        OF.put(r, Optional.of(r));
      }
    }

    private Rejections() {}
  }

  /** Only ACTIVE instances take tasks; DRAINING ones only lose them. */
  record Status() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(!s.active(i), FailureReason.INACTIVE);
    }

    @Override
    public int retain(PlacementState s, int[] candidates, int count, Exclusions excluded) {
      int kept = 0;
      for (int slot = 0; slot < count; slot++) {
        int i = candidates[slot];
        if (s.active(i)) {
          candidates[kept++] = i;
        } else {
          excluded.exclude(i, FailureReason.INACTIVE);
        }
      }
      return kept;
    }
  }

  record Agent() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(!s.agentConnected(i), FailureReason.AGENT);
    }

    @Override
    public int retain(PlacementState s, int[] candidates, int count, Exclusions excluded) {
      int kept = 0;
      for (int slot = 0; slot < count; slot++) {
        int i = candidates[slot];
        if (s.agentConnected(i)) {
          candidates[kept++] = i;
        } else {
          excluded.exclude(i, FailureReason.AGENT);
        }
      }
      return kept;
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

    @Override
    public Optional<Set<String>> attributesRead() {
      return Optional.of(Set.of(OS_FAMILY));
    }
  }

  /**
   * runtimePlatform.cpuArchitecture ({@code X86_64}, {@code ARM64}) against ecs.cpu-architecture
   * ({@code x86_64}, {@code arm64}, as the ECS agent names them; Docker's {@code amd64} and
   * {@code aarch64} are read as those too).
   *
   * <p>An instance without the attribute counts as {@code x86_64}. The ECS documentation does not
   * describe that case (its agent always advertises the attribute; ECS defaults a missing
   * cpuArchitecture to X86_64 and a missing ecs.os-family to LINUX), so Gantry takes the reading
   * that matches those defaults: an ARM64 task never lands on an instance that does not say it is
   * arm64, and an X86_64 task still runs on instances registered by agents that predate the
   * attribute. A task definition without cpuArchitecture goes anywhere, as on ECS with EC2
   * instances: its image may be multi-architecture.
   */
  record CpuArchitecture() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      Optional<String> wanted = s.request().demand().cpuArchitecture();
      return when(wanted.isPresent()
          && !s.view(i).runsCpuArchitecture(wanted.get()),
          FailureReason.ATTRIBUTE_CPU_ARCHITECTURE);
    }

    @Override
    public Optional<Set<String>> attributesRead() {
      return Optional.of(Set.of(CPU_ARCHITECTURE));
    }
  }

  /** Every requiresAttributes entry present, with its value when it names one; {@code names} are theirs. */
  record RequiredAttributes(Set<String> names) implements InstanceFilter {
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

    @Override
    public Optional<Set<String>> attributesRead() {
      return Optional.of(names);
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

    @Override
    public Optional<Set<String>> attributesRead() {
      return Optional.of(Set.of(OS_FAMILY, WINDOWS_MEMORY_WORKAROUND));
    }
  }

  record Cpu() implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(s.request().demand().cpu() > s.remainingCpu(i), FailureReason.RESOURCE_CPU);
    }

    @Override
    public int retain(PlacementState s, int[] candidates, int count, Exclusions excluded) {
      int need = s.request().demand().cpu();
      int kept = 0;
      for (int slot = 0; slot < count; slot++) {
        int i = candidates[slot];
        if (s.remainingCpu(i) >= need) {
          candidates[kept++] = i;
        } else {
          excluded.exclude(i, FailureReason.RESOURCE_CPU);
        }
      }
      return kept;
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
    public int retain(PlacementState s, int[] candidates, int count, Exclusions excluded) {
      int need = s.request().demand().memory();
      int kept = 0;
      for (int slot = 0; slot < count; slot++) {
        int i = candidates[slot];
        if (s.remainingMemory(i) >= need) {
          candidates[kept++] = i;
        } else {
          excluded.exclude(i, FailureReason.RESOURCE_MEMORY);
        }
      }
      return kept;
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
   * {@code task:group}) see the instance as it was before this call. A predicate on attributes
   * alone (such as {@code attribute:ecs.instance-type =~ m5.*}) is asked once per distinct value.
   */
  record MemberOf(InstancePredicate predicate) implements InstanceFilter {
    @Override
    public Optional<FailureReason> reject(PlacementState s, int i) {
      return when(!predicate.test(s.view(i)), FailureReason.MEMBER_OF);
    }

    @Override
    public Optional<Set<String>> attributesRead() {
      return predicate.attributesRead();
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
