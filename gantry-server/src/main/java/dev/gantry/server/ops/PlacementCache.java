package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Task;
import dev.gantry.placement.InstanceView;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.store.WatchListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What placement reads of one cluster, kept in memory so that a RunTask attempt or a service
 * scheduler pass does not read and decode every container instance and every task of the
 * cluster: the instance records (decoded, with the KeyValue they were read as, for the commit's
 * guards), how many not-yet-stopped tasks of each group every instance holds and how many
 * dynamic host ports they take, each instance's {@link InstanceView}, rebuilt only when its
 * record or those counts change, and the task records of every service group (STOPPED ones
 * included while stored: the scheduler's circuit breaker learns from them), so that one
 * service's pass touches its own tasks only.
 *
 * <p>A task definition's dynamic host ports are looked up once per revision (a registered
 * revision's containers never change) when a task of it first arrives, on the watch's thread
 * and outside the lock.
 *
 * <p>Kept current by two store watches (the cluster's instance prefix and its task prefix)
 * with progress marks: a watch's events are held until a mark says their revisions are
 * complete, so the cache never shows half a transaction. Instance batches are applied only
 * once the task side has reached their revision, so the task counts are never older than the
 * instances beside them: an instance that gained a task of a group always shows that task.
 *
 * <p>Correctness stays with the commit: placements are guarded by compares on the instance
 * mod-revisions this cache holds, so a stale cache costs a conflict, never an overcommit.
 * {@link #snapshot} waits until the cache has applied at least the revision the caller names
 * (the store's revision when the attempt began, which after a conflict is at least the
 * conflicting write's), so a retry never decides on the data that lost. When the watches end
 * (the store dropped their history) or fall behind for longer than {@link #CATCH_UP}, the next
 * snapshot reads the cluster afresh and watches again from there.
 */
final class PlacementCache {
  private static final System.Logger LOG = System.getLogger(PlacementCache.class.getName());
  /** How long a snapshot waits for the watches to reach its revision before reading the store instead. */
  static final Duration CATCH_UP = Duration.ofSeconds(2);

  /**
   * The cluster as of one revision: its registered (not deregistered) instances in key order,
   * their views in the same order, and each one's position by container instance ARN.
   */
  record Snapshot(long revision, List<Records.Versioned<ContainerInstance>> instances, List<InstanceView> views,
      Map<String, Integer> positionByArn, List<Records.Versioned<Task>> groupTasks) {
    Snapshot(long revision, List<Records.Versioned<ContainerInstance>> instances, List<InstanceView> views,
        Map<String, Integer> positionByArn) {
      this(revision, instances, views, positionByArn, List.of());
    }

    /** The registered instance with this ARN, as read. */
    Optional<Records.Versioned<ContainerInstance>> instance(String containerInstanceArn) {
      Integer at = positionByArn.get(containerInstanceArn);
      return at == null ? Optional.empty() : Optional.of(instances.get(at));
    }

    /** What the instances' not-stopped tasks hold: their groups and dynamic host ports, per instance ARN. */
    InstanceViews.Holdings holdings() {
      Map<String, Map<String, Integer>> groups = new HashMap<>(views.size() * 2);
      Map<String, Integer> ports = new HashMap<>(views.size() * 2);
      for (InstanceView v : views) {
        groups.put(v.containerInstanceArn(), v.tasksByGroup());
        ports.put(v.containerInstanceArn(), v.dynamicPortsHeld());
      }
      return new InstanceViews.Holdings(groups, ports);
    }
  }

  /** The groups whose task records the cache keeps whole: the service scheduler's. */
  static final String SERVICE_GROUP_PREFIX = "service:";

  private final StateStore store;
  private final String cluster;
  private final Duration catchUp;
  private final ReentrantLock resyncing = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();

  // guarded by lock
  private final TreeMap<String, Records.Versioned<ContainerInstance>> instances = new TreeMap<>();
  // The registered instances laid out as snapshots list them, rebuilt only when one is added,
  // removed or (de)registered; a changed record or group count only clears its view.
  private boolean layoutStale = true;
  private Records.Versioned<ContainerInstance>[] recordAt = newRecords(0);
  private InstanceView[] viewAt = new InstanceView[0];
  private Map<String, Integer> positionByArn = Map.of();
  private final Map<String, Placed> tasks = new HashMap<>();
  private final Map<String, Map<String, Integer>> groupsByArn = new HashMap<>();
  private final Map<String, Integer> dynamicPortsByArn = new HashMap<>();
  // service group -> task key -> record; and each kept task's group, to find it again on delete
  private final Map<String, Map<String, Records.Versioned<Task>>> serviceTasks = new HashMap<>();
  private final Map<String, String> serviceGroupByKey = new HashMap<>();
  // task definition ARN -> dynamic host ports of one task; read outside the lock, never changes
  private final Map<String, Integer> dynamicPortsByDefinition = new ConcurrentHashMap<>();
  private final ArrayDeque<Batch> heldInstanceBatches = new ArrayDeque<>();
  private long instancesApplied;
  private long tasksApplied;
  private long generation;
  private boolean current;
  private List<Watch> watches = List.of();

  PlacementCache(StateStore store, String cluster) {
    this(store, cluster, CATCH_UP);
  }

  PlacementCache(StateStore store, String cluster, Duration catchUp) {
    this.store = store;
    this.cluster = cluster;
    this.catchUp = catchUp;
  }

  /** A task that counts for placement: on an instance, in a group, not stopped, holding dynamic host ports. */
  private record Placed(String containerInstanceArn, String group, int dynamicPorts) {}

  /** What one task record means to the cache: what it holds (if anything) and, for a service's task, the record. */
  private record TaskEntry(Optional<Placed> placed, Optional<Records.Versioned<Task>> serviceTask) {
    static final TaskEntry NONE = new TaskEntry(Optional.empty(), Optional.empty());
  }

  /** One change of a watched key, decoded on the watch's thread; empty for a delete or an unreadable record. */
  private record Change<T>(String key, Optional<T> value, KeyValue kv) {}

  private record Batch(long revision, List<Change<ContainerInstance>> changes) {}

  /**
   * The cluster as of a revision of at least {@code minRevision}. Waits up to the catch-up time
   * for the watches; then (or when they ended, or on first use) reads the cluster afresh.
   */
  Snapshot snapshot(long minRevision) {
    return snapshot(minRevision, Optional.empty());
  }

  /**
   * As {@link #snapshot(long)}, with the stored tasks of {@code group} (a service's group) in
   * {@link Snapshot#groupTasks()}, as of the same revision or newer.
   */
  Snapshot snapshot(long minRevision, String group) {
    return snapshot(minRevision, Optional.of(group));
  }

  private Snapshot snapshot(long minRevision, Optional<String> group) {
    for (int attempt = 0; attempt < 2; attempt++) {
      lock.lock();
      try {
        long left = catchUp.toNanos();
        while (current && instancesApplied < minRevision && left > 0) {
          left = advanced.awaitNanos(left);
        }
        if (current && instancesApplied >= minRevision) {
          return build(group);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EcsException(ErrorType.ServerException, "Interrupted while reading cluster " + cluster
            + " for placement; retry the request.");
      } finally {
        lock.unlock();
      }
      resync(minRevision);
    }
    throw new EcsException(ErrorType.ServerException, "The placement view of cluster " + cluster + " did not reach "
        + "store revision " + minRevision + "; retry the request.");
  }

  /** Stops watching; a later snapshot starts again from a fresh read. */
  void close() {
    List<Watch> old;
    lock.lock();
    try {
      old = watches;
      watches = List.of();
      current = false;
      generation++;
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
    old.forEach(Watch::close);
  }

  private Snapshot build(Optional<String> group) {
    if (layoutStale) {
      layOut();
    }
    for (int i = 0; i < viewAt.length; i++) {
      if (viewAt[i] == null) {
        ContainerInstance value = recordAt[i].value();
        String arn = value.containerInstanceArn();
        viewAt[i] = InstanceViews.of(value, groupsByArn.getOrDefault(arn, Map.of()),
            dynamicPortsByArn.getOrDefault(arn, 0));
      }
    }
    List<Records.Versioned<Task>> kept = group.map(g -> serviceTasks.getOrDefault(g, Map.of()))
        .map(m -> List.copyOf(m.values())).orElse(List.of());
    return new Snapshot(instancesApplied, List.of(recordAt), List.of(viewAt), positionByArn, kept);
  }

  private void layOut() {
    List<Records.Versioned<ContainerInstance>> registered = new ArrayList<>(instances.size());
    for (Records.Versioned<ContainerInstance> v : instances.values()) {
      if (!ContainerInstances.isDeregistered(v.value())) {
        registered.add(v);
      }
    }
    recordAt = registered.toArray(newRecords(0));
    viewAt = new InstanceView[recordAt.length];
    Map<String, Integer> positions = new HashMap<>(recordAt.length * 2);
    for (int i = 0; i < recordAt.length; i++) {
      positions.put(recordAt[i].value().containerInstanceArn(), i);
    }
    positionByArn = Map.copyOf(positions);
    layoutStale = false;
  }

  @SuppressWarnings("unchecked")
  private static Records.Versioned<ContainerInstance>[] newRecords(int n) {
    return (Records.Versioned<ContainerInstance>[]) new Records.Versioned<?>[n];
  }

  /**
   * Reads the cluster's instances, then its tasks (so the tasks are at least as new), resets
   * the cache to them, and watches each prefix from the revision it was read at. No store call
   * is made under {@link #lock}: a store may deliver watch events on its writer's thread, and
   * the listeners take that lock.
   */
  private void resync(long minRevision) {
    resyncing.lock();
    try {
      lock.lock();
      try {
        if (current && instancesApplied >= minRevision) {
          return; // another caller read the cluster afresh while this one waited
        }
      } finally {
        lock.unlock();
      }
      close();
      RangeResult instanceRange = store.range(Range.prefix(Keys.instances(cluster)));
      RangeResult taskRange = store.range(Range.prefix(Keys.tasks(cluster)));
      List<TaskEntry> entries = new ArrayList<>(taskRange.kvs().size());
      for (KeyValue kv : taskRange.kvs()) {
        entries.add(entry(kv));
      }
      long gen;
      lock.lock();
      try {
        instances.clear();
        layoutStale = true;
        tasks.clear();
        groupsByArn.clear();
        dynamicPortsByArn.clear();
        serviceTasks.clear();
        serviceGroupByKey.clear();
        heldInstanceBatches.clear();
        for (KeyValue kv : instanceRange.kvs()) {
          applyInstance(new Change<>(kv.key(), decode(kv, ContainerInstance.class), kv));
        }
        for (int i = 0; i < entries.size(); i++) {
          KeyValue kv = taskRange.kvs().get(i);
          applyTask(new Change<>(kv.key(), Optional.of(entries.get(i)), kv));
        }
        instancesApplied = instanceRange.revision();
        tasksApplied = taskRange.revision();
        gen = ++generation;
        current = true;
        advanced.signalAll();
      } finally {
        lock.unlock();
      }
      watch(gen, instanceRange.revision(), taskRange.revision());
    } finally {
      resyncing.unlock();
    }
  }

  private void watch(long gen, long instancesFrom, long tasksFrom) {
    List<Watch> started = new ArrayList<>(2);
    try {
      started.add(store.watch(Keys.instances(cluster), instancesFrom, new Feed(gen, true)));
      started.add(store.watch(Keys.tasks(cluster), tasksFrom, new Feed(gen, false)));
    } catch (RuntimeException e) {
      started.forEach(Watch::close);
      markStale(gen);
      throw e;
    }
    boolean keep;
    lock.lock();
    try {
      keep = generation == gen;
      if (keep) {
        watches = List.copyOf(started);
      }
    } finally {
      lock.unlock();
    }
    if (!keep) {
      started.forEach(Watch::close);
      return;
    }
    for (Watch w : started) {
      w.stopped().whenComplete((ignored, failure) -> {
        if (failure != null) {
          // a watch that fell behind the store's history is worth a line; one ended by the store closing is not
          Throwable cause = failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure;
          LOG.log(cause instanceof dev.gantry.store.CompactedException ? Level.INFO : Level.DEBUG, "a placement watch of cluster " + cluster + " ended (" + failure
              + "); the next placement reads the cluster afresh");
          markStale(gen);
        }
      });
    }
  }

  private void markStale(long gen) {
    lock.lock();
    try {
      if (generation == gen) {
        current = false;
        advanced.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** One watch's listener: decodes events as they come, applies them when progress says their revisions are whole. */
  private final class Feed implements WatchListener {
    private final long gen;
    private final boolean instanceSide;
    private List<Change<ContainerInstance>> instanceChanges = new ArrayList<>();
    private List<Change<TaskEntry>> taskChanges = new ArrayList<>();

    Feed(long gen, boolean instanceSide) {
      this.gen = gen;
      this.instanceSide = instanceSide;
    }

    @Override
    public void onEvent(WatchEvent event) {
      KeyValue kv = event.kv();
      boolean put = event.type() == WatchEvent.Type.PUT;
      if (instanceSide) {
        instanceChanges.add(new Change<>(kv.key(), put ? decode(kv, ContainerInstance.class) : Optional.empty(), kv));
      } else {
        taskChanges.add(new Change<>(kv.key(), Optional.of(put ? entry(kv) : TaskEntry.NONE), kv));
      }
    }

    @Override
    public void onProgress(long revision) {
      lock.lock();
      try {
        if (generation != gen) {
          return;
        }
        if (instanceSide) {
          if (!instanceChanges.isEmpty() || revision > instancesApplied) {
            heldInstanceBatches.add(new Batch(revision, instanceChanges));
            instanceChanges = new ArrayList<>();
          }
        } else {
          taskChanges.forEach(PlacementCache.this::applyTask);
          taskChanges = new ArrayList<>();
          tasksApplied = Math.max(tasksApplied, revision);
        }
        releaseInstanceBatches();
        advanced.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Applies the held instance batches the task side has caught up with, oldest first. */
  private void releaseInstanceBatches() {
    while (!heldInstanceBatches.isEmpty() && heldInstanceBatches.peekFirst().revision() <= tasksApplied) {
      Batch b = heldInstanceBatches.pollFirst();
      b.changes().forEach(this::applyInstance);
      instancesApplied = Math.max(instancesApplied, b.revision());
    }
  }

  private void applyInstance(Change<ContainerInstance> change) {
    String id = change.key().substring(Keys.instances(cluster).length());
    Records.Versioned<ContainerInstance> before = change.value().isEmpty() ? instances.remove(id)
        : instances.put(id, new Records.Versioned<>(change.value().get(), change.kv()));
    Integer at = before == null ? null : positionByArn.get(before.value().containerInstanceArn());
    boolean sameSlot = !layoutStale && at != null && change.value().isPresent()
        && !ContainerInstances.isDeregistered(change.value().get())
        && change.value().get().containerInstanceArn().equals(before.value().containerInstanceArn());
    if (sameSlot) {
      recordAt[at] = instances.get(id);
      viewAt[at] = null;
    } else if (before != null || change.value().isPresent()) {
      layoutStale = true;
    }
  }

  private void applyTask(Change<TaskEntry> change) {
    TaskEntry entry = change.value().orElse(TaskEntry.NONE);
    keepServiceTask(change.key(), entry.serviceTask());
    Optional<Placed> placed = entry.placed();
    Placed before = placed.isPresent() ? tasks.put(change.key(), placed.get()) : tasks.remove(change.key());
    if (before != null && before.equals(placed.orElse(null))) {
      return;
    }
    if (before != null) {
      count(before, -1);
    }
    placed.ifPresent(p -> count(p, 1));
  }

  private void keepServiceTask(String key, Optional<Records.Versioned<Task>> task) {
    String was = serviceGroupByKey.remove(key);
    if (was != null) {
      Map<String, Records.Versioned<Task>> group = serviceTasks.get(was);
      group.remove(key);
      if (group.isEmpty()) {
        serviceTasks.remove(was);
      }
    }
    task.ifPresent(t -> {
      serviceGroupByKey.put(key, t.value().group());
      serviceTasks.computeIfAbsent(t.value().group(), g -> new TreeMap<>()).put(key, t);
    });
  }

  private void count(Placed p, int delta) {
    Map<String, Integer> groups = groupsByArn.computeIfAbsent(p.containerInstanceArn(), a -> new HashMap<>());
    if (groups.merge(p.group(), delta, Integer::sum) == 0) {
      groups.remove(p.group());
    }
    if (p.dynamicPorts() > 0 && dynamicPortsByArn.merge(p.containerInstanceArn(), delta * p.dynamicPorts(),
        Integer::sum) == 0) {
      dynamicPortsByArn.remove(p.containerInstanceArn());
    }
    Integer at = layoutStale ? null : positionByArn.get(p.containerInstanceArn());
    if (at != null) {
      viewAt[at] = null;
    }
  }

  /**
   * What a stored task record means to the cache, decoded outside the lock (a task definition
   * may have to be read): what it holds while it has not stopped, and the record itself when it
   * belongs to a service. An unreadable record means nothing.
   */
  private TaskEntry entry(KeyValue kv) {
    Optional<Task> decoded = decode(kv, Task.class);
    if (decoded.isEmpty()) {
      return TaskEntry.NONE;
    }
    Task t = decoded.get();
    Optional<Records.Versioned<Task>> kept = t.group() != null && t.group().startsWith(SERVICE_GROUP_PREFIX)
        ? Optional.of(new Records.Versioned<>(t, kv)) : Optional.empty();
    if (t.containerInstanceArn() == null || "STOPPED".equals(t.lastStatus()) || t.group() == null) {
      return new TaskEntry(Optional.empty(), kept);
    }
    return new TaskEntry(Optional.of(new Placed(t.containerInstanceArn(), t.group(), dynamicPorts(t))), kept);
  }

  /** The dynamic host ports a task of its revision holds (none when the revision is gone: nothing known holds any). */
  private int dynamicPorts(Task t) {
    if (t.taskDefinitionArn() == null) {
      return 0;
    }
    Integer known = dynamicPortsByDefinition.get(t.taskDefinitionArn());
    if (known != null) {
      return known;
    }
    int ports = Tasks.definition(t)
        .flatMap(d -> TaskDefinitionLookup.revision(store, d.family(), d.revision()))
        .map(stored -> TaskDemand.dynamicPorts(stored.value().taskDefinition()))
        .orElse(0);
    dynamicPortsByDefinition.put(t.taskDefinitionArn(), ports);
    return ports;
  }

  private static <T> Optional<T> decode(KeyValue kv, Class<T> type) {
    try {
      return Optional.of(JsonCodec.decode(kv.value(), type));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the record " + kv.key() + " cannot be read; placement leaves it out: " + e);
      return Optional.empty();
    }
  }
}
