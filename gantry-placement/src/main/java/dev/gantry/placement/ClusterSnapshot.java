package dev.gantry.placement;

import dev.gantry.model.ContainerInstanceStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The container instances of one cluster, read at one consistent store revision, laid out for
 * placement's pass over every instance.
 *
 * <p>Goal: a request reads flat columns (remaining CPU and memory, status and agent flags, tasks
 * per instance of its group, attribute value classes) instead of each {@link InstanceView}
 * record and its maps, which cost mostly cache misses at thousands of instances. Constraints:
 * immutable as seen from outside and safe to share between threads; a caller that keeps one
 * snapshot current across requests should not pay for re-reading unchanged instances.
 *
 * <p>Algorithm: the resource and flag columns are built with the snapshot. A group's column and
 * an attribute set's {@link AttributeColumn} are built the first time a request asks for them,
 * then cached (at most {@value #MAX_CACHED_COLUMNS} of each). {@link #with} derives the snapshot
 * after a few instances changed: it copies the resource columns, patches the cached group
 * columns where a count changed, and shares the attribute columns with this snapshot while no
 * attribute changed, so keeping a snapshot current costs O(instances) array copies, not map probes.
 */
public final class ClusterSnapshot {
  /** Bounds the cached columns (a column is an int per instance); past it the cache starts over. */
  static final int MAX_CACHED_COLUMNS = 256;

  private final InstanceView[] views;
  private final List<InstanceView> instances;
  private final int[] cpu;
  private final int[] memory;
  private final boolean[] active;
  private final boolean[] connected;
  /** Instance index per ARN; built on first use, then handed on to successors with the same instances. */
  private volatile Map<String, Integer> indexByArn;
  /** Never changed once set: a new column replaces the map (copy on write), as new groups are rare. */
  private volatile Map<String, int[]> groupColumns;
  /** Keyed by sorted attribute names; shared along successors as long as no attribute changes. */
  private final AttributeColumns attributeColumns;

  /** A snapshot of {@code instances} (ARNs unique); reads every instance once, here. */
  public ClusterSnapshot(List<InstanceView> instances) {
    this(instances.toArray(InstanceView[]::new), null, Map.of(), new AttributeColumns());
  }

  private ClusterSnapshot(InstanceView[] views, Map<String, Integer> indexByArn,
      Map<String, int[]> groupColumns, AttributeColumns attributeColumns) {
    int n = views.length;
    this.views = views;
    this.instances = Collections.unmodifiableList(Arrays.asList(views));
    this.cpu = new int[n];
    this.memory = new int[n];
    this.active = new boolean[n];
    this.connected = new boolean[n];
    for (int i = 0; i < n; i++) {
      InstanceView v = Objects.requireNonNull(views[i], "instance view");
      cpu[i] = v.remainingCpu();
      memory[i] = v.remainingMemory();
      active[i] = v.status() == ContainerInstanceStatus.ACTIVE;
      connected[i] = v.agentConnected();
    }
    this.indexByArn = indexByArn;
    this.groupColumns = groupColumns;
    this.attributeColumns = attributeColumns;
  }

  private ClusterSnapshot(ClusterSnapshot from, InstanceView[] views, int[] cpu, int[] memory, boolean[] active,
      boolean[] connected, Map<String, int[]> groupColumns,
      AttributeColumns attributeColumns) {
    this.views = views;
    this.instances = Collections.unmodifiableList(Arrays.asList(views));
    this.cpu = cpu;
    this.memory = memory;
    this.active = active;
    this.connected = connected;
    this.indexByArn = from.indexByArn;
    this.groupColumns = groupColumns;
    this.attributeColumns = attributeColumns;
  }

  /** The instances, in the order they were given (placement's failures list them in this order). */
  public List<InstanceView> instances() {
    return instances;
  }

  public Optional<InstanceView> instance(String containerInstanceArn) {
    Integer i = indexByArn().get(containerInstanceArn);
    return i == null ? Optional.empty() : Optional.of(views[i]);
  }

  /**
   * This snapshot with {@code changed} in place of the instances with the same ARNs (an unknown
   * ARN is added at the end); when one ARN appears more than once, the last one counts. This
   * snapshot stays as it was. Cheap when few instances change and none is new: the columns the
   * change leaves alone are shared, not rebuilt.
   */
  public ClusterSnapshot with(Collection<InstanceView> changed) {
    Map<String, Integer> index = indexByArn();
    for (InstanceView v : changed) {
      if (!index.containsKey(v.containerInstanceArn())) {
        return withNewInstances(changed, index);
      }
    }
    InstanceView[] next = views.clone();
    int[] nextCpu = cpu.clone();
    int[] nextMemory = memory.clone();
    boolean[] nextActive = active;
    boolean[] nextConnected = connected;
    boolean attributesChanged = false;
    GroupPatch groups = new GroupPatch(groupColumns);
    for (InstanceView v : changed) {
      int i = index.get(v.containerInstanceArn());
      InstanceView old = next[i];
      next[i] = v;
      nextCpu[i] = v.remainingCpu();
      nextMemory[i] = v.remainingMemory();
      boolean isActive = v.status() == ContainerInstanceStatus.ACTIVE;
      if (nextActive[i] != isActive) {
        nextActive = nextActive == active ? active.clone() : nextActive;
        nextActive[i] = isActive;
      }
      if (nextConnected[i] != v.agentConnected()) {
        nextConnected = nextConnected == connected ? connected.clone() : nextConnected;
        nextConnected[i] = v.agentConnected();
      }
      attributesChanged |= old.attributes() != v.attributes() && !old.attributes().equals(v.attributes());
      groups.patch(i, old, v);
    }
    return new ClusterSnapshot(this, next, nextCpu, nextMemory, nextActive, nextConnected, groups.columns,
        attributesChanged ? new AttributeColumns() : attributeColumns);
  }

  /** Registrations are rare: a new instance rebuilds everything rather than growing every column. */
  private ClusterSnapshot withNewInstances(Collection<InstanceView> changed, Map<String, Integer> index) {
    List<InstanceView> all = new ArrayList<>(instances);
    Map<String, Integer> added = new HashMap<>();
    for (InstanceView v : changed) {
      Integer i = index.get(v.containerInstanceArn());
      i = i != null ? i : added.get(v.containerInstanceArn());
      if (i == null) {
        added.put(v.containerInstanceArn(), all.size());
        all.add(v);
      } else {
        all.set(i, v);
      }
    }
    return new ClusterSnapshot(all);
  }

  /** The cached group columns of a successor, each copied once before its first change. */
  private static final class GroupPatch {
    final Map<String, int[]> columns;
    private final Set<String> copied = new HashSet<>();

    GroupPatch(Map<String, int[]> from) {
      columns = new HashMap<>(from);
    }

    void patch(int i, InstanceView old, InstanceView now) {
      for (String group : old.tasksByGroup().keySet()) {
        set(group, i, now.tasksOfGroup(group));
      }
      for (String group : now.tasksByGroup().keySet()) {
        set(group, i, now.tasksOfGroup(group));
      }
    }

    private void set(String group, int i, int tasks) {
      int[] column = columns.get(group);
      if (column == null || column[i] == tasks) {
        return;
      }
      if (copied.add(group)) {
        column = column.clone();
        columns.put(group, column);
      }
      column[i] = tasks;
    }
  }

  private Map<String, Integer> indexByArn() {
    Map<String, Integer> index = indexByArn;
    if (index == null) {
      index = new HashMap<>(views.length * 2);
      for (int i = 0; i < views.length; i++) {
        index.putIfAbsent(views[i].containerInstanceArn(), i);
      }
      index = Collections.unmodifiableMap(index);
      indexByArn = index;
    }
    return index;
  }

  int size() {
    return views.length;
  }

  InstanceView view(int i) {
    return views[i];
  }

  /** The columns below are shared: callers copy before they write. */
  int[] remainingCpu() {
    return cpu;
  }

  int[] remainingMemory() {
    return memory;
  }

  boolean active(int i) {
    return active[i];
  }

  boolean agentConnected(int i) {
    return connected[i];
  }

  /** Tasks of {@code group} per instance (shared: copy before writing). */
  int[] groupTasks(String group) {
    Map<String, int[]> cached = groupColumns;
    int[] column = cached.get(group);
    if (column == null) {
      column = new int[views.length];
      for (int i = 0; i < views.length; i++) {
        column[i] = views[i].tasksOfGroup(group);
      }
      // two threads adding at once may lose one column: it is only a cache
      Map<String, int[]> next = new HashMap<>(cached.size() < MAX_CACHED_COLUMNS ? cached : Map.of());
      next.put(group, column);
      groupColumns = next;
    }
    return column;
  }

  /** The classes of the instances by the values of {@code names} (sorted, distinct). */
  AttributeColumn attributes(List<String> names) {
    AttributeColumn column = attributeColumns.get(names);
    if (column == null) {
      int last = names.size() - 1;
      column = switch (names.size()) {
        case 0 -> AttributeColumn.uniform(views.length);
        case 1 -> AttributeColumn.of(views, names.getFirst());
        default -> AttributeColumn.combine(attributes(names.subList(0, last)), attributes(List.of(names.get(last))));
      };
      attributeColumns.put(List.copyOf(names), column);
    }
    return column;
  }

  /**
   * The attribute columns one line of successors shares. Copy on write behind a volatile field:
   * reads (every request) take no lock, and a column is added once per attribute set, so the
   * copies are rare; a server reads one snapshot from several threads.
   */
  private static final class AttributeColumns {
    private volatile Map<List<String>, AttributeColumn> columns = Map.of();

    AttributeColumn get(List<String> names) {
      return columns.get(names);
    }

    synchronized void put(List<String> names, AttributeColumn column) {
      Map<List<String>, AttributeColumn> next = columns.size() >= MAX_CACHED_COLUMNS ? new HashMap<>()
          : new HashMap<>(columns);
      next.put(names, column);
      columns = Map.copyOf(next);
    }
  }
}
