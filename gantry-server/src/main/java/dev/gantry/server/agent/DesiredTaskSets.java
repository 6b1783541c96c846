package dev.gantry.server.agent;

import dev.gantry.model.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The desired task set of every container instance of one cluster, and its manifest revision,
 * kept from the task records' changes in store order. Pure bookkeeping: the store watch that
 * feeds it lives in {@link ManifestTracker}.
 *
 * <p>A task is in its instance's set from the moment it names the instance until it is
 * STOPPED and reported ({@code lastStatus} STOPPED), or deleted: a task whose desiredStatus
 * became STOPPED stays so that the agent learns to stop it. A task's
 * {@code containerInstanceArn} never changes.
 *
 * <p>The manifest revision of an instance is the store revision at which its set last changed:
 * a task added or removed, or a member's desiredStatus changed (other writes, such as the
 * agent's own status reports, leave it alone). Before any change seen, it is the revision the
 * sets were {@link #reset} from; after a reset every instance gets that new revision, so an
 * agent whose applied revision came from an earlier reset (another server, a restart) is
 * answered once with the whole set. Revisions only grow, so an applied revision can never
 * equal a later one by chance.
 */
final class DesiredTaskSets {
  /** What of a member task the agent acts on. */
  private record Member(String instanceId, String desiredStatus) {}

  private final Map<String, Member> members = new HashMap<>();
  private final Map<String, Set<String>> byInstance = new HashMap<>();
  private final Map<String, Long> changedAt = new HashMap<>();
  private long base;
  /** The revision of the last change applied since the reset (0: none yet). */
  private long lastApplied;

  /** Starts over from every task record of the cluster as of {@code revision}. */
  void reset(Map<String, Task> tasks, long revision) {
    members.clear();
    byInstance.clear();
    changedAt.clear();
    base = revision;
    lastApplied = 0;
    tasks.forEach((key, task) -> member(task).ifPresent(m -> add(key, m)));
  }

  /**
   * Applies a put ({@code task} present) or delete of the task record at {@code key}, written at
   * {@code revision}; the ids of the instances whose set changed.
   */
  Set<String> apply(String key, Optional<Task> task, long revision) {
    lastApplied = Math.max(lastApplied, revision);
    Optional<Member> before = Optional.ofNullable(members.get(key));
    Optional<Member> after = task.flatMap(DesiredTaskSets::member);
    if (before.equals(after)) {
      return Set.of();
    }
    Set<String> changed = new TreeSet<>();
    before.ifPresent(m -> {
      remove(key, m);
      changed.add(m.instanceId());
    });
    after.ifPresent(m -> {
      add(key, m);
      changed.add(m.instanceId());
    });
    changed.forEach(id -> changedAt.put(id, revision));
    return changed;
  }

  /** The manifest revision of instance {@code instanceId}. */
  long revision(String instanceId) {
    return changedAt.getOrDefault(instanceId, base);
  }

  /**
   * Whether the instance's set is known to be whole as of its revision. One transaction's
   * changes share a revision and arrive one by one, so a set that changed at the revision
   * still being applied may lack changes of that same revision yet; once a change of a later
   * revision arrived (changes come in revision order), or when the set is as reset, it is whole.
   */
  boolean settled(String instanceId) {
    return revision(instanceId) != lastApplied;
  }

  /** The keys of the task records in the instance's set, in key order. */
  List<String> taskKeys(String instanceId) {
    return List.copyOf(byInstance.getOrDefault(instanceId, Set.of()));
  }

  /** Whether a task record belongs in its instance's set. */
  static boolean isMember(Task task) {
    return member(task).isPresent();
  }

  private static Optional<Member> member(Task task) {
    String arn = task.containerInstanceArn();
    if (arn == null || arn.isEmpty() || "STOPPED".equals(task.lastStatus())) {
      return Optional.empty();
    }
    return Optional.of(new Member(instanceId(arn), task.desiredStatus()));
  }

  /** The id part of a container instance ARN (or the id itself). */
  static String instanceId(String containerInstanceArn) {
    return containerInstanceArn.substring(containerInstanceArn.lastIndexOf('/') + 1);
  }

  private void add(String key, Member m) {
    members.put(key, m);
    byInstance.computeIfAbsent(m.instanceId(), id -> new TreeSet<>()).add(key);
  }

  private void remove(String key, Member m) {
    members.remove(key);
    Set<String> keys = byInstance.get(m.instanceId());
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      byInstance.remove(m.instanceId());
    }
  }
}
