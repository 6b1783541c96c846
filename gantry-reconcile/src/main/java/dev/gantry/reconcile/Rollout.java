package dev.gantry.reconcile;

import dev.gantry.model.DeploymentRolloutState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The deployments as the plan leaves them: counts as the store will show them once the plan's
 * stops are committed, ACTIVE deployments INACTIVE once none of their tasks is left (a stopping
 * task still counts, so an old task is fully STOPPED first), and the primary's rollout COMPLETED
 * once the service is complete: nothing to start or stop, and every task that counts is a
 * healthy task of the primary, meant to run on an ACTIVE instance, exactly as many as desired.
 */
final class Rollout {
  private Rollout() {}

  record Result(List<DeploymentSpec> deployments, boolean complete, int running, int pending) {}

  static Result update(ServiceSpec spec, Census census, Decisions d, Instant now, ServiceEvents events) {
    List<Census.TaskView> counted = census.counted();
    // a service being deleted is never "complete": it has no rollout to finish, only tasks to stop
    boolean complete = spec.status() == ServiceStatus.ACTIVE && d.starts.isEmpty() && d.stops.isEmpty()
        && counted.size() == d.desired
        && counted.stream().allMatch(v -> v.primary() && v.wanted() && v.healthy() && v.onActiveInstance());
    List<DeploymentSpec> out = new ArrayList<>();
    int running = 0;
    int pending = 0;
    for (DeploymentSpec dep : spec.deployments()) {
      List<Census.TaskView> mine = counted.stream().filter(v -> v.task().startedBy().equals(dep.id())).toList();
      int r = (int) mine.stream().filter(v -> active(v, d) && v.task().lastStatus() == TaskStatus.RUNNING).count();
      int p = (int) mine.stream().filter(v -> active(v, d) && v.task().lastStatus().beforeRunning()).count();
      running += r;
      pending += p;
      DeploymentSpec next;
      if (dep.isPrimary()) {
        next = dep.withCounts(d.desired, r, p);
        if (complete && dep.rolloutState() == DeploymentRolloutState.IN_PROGRESS) {
          next = next.withRollout(DeploymentRolloutState.COMPLETED, ServiceEvents.completed(dep.id()), now);
          events.add("(deployment " + dep.id() + ") deployment completed.");
        }
      } else {
        next = dep.withCounts(r + p, r, p).withStatus(mine.isEmpty() ? DeploymentStatus.INACTIVE
            : DeploymentStatus.ACTIVE, now);
      }
      out.add(next);
    }
    // tasks of deployments the service no longer lists still show in the service's counts
    for (Census.TaskView v : counted) {
      if (v.deployment().isEmpty() && active(v, d)) {
        running += v.task().lastStatus() == TaskStatus.RUNNING ? 1 : 0;
        pending += v.task().lastStatus().beforeRunning() ? 1 : 0;
      }
    }
    out.sort(Comparator.comparing((DeploymentSpec x) -> x.status().ordinal())
        .thenComparing(DeploymentSpec::createdAt, Comparator.reverseOrder()));
    return new Result(out, complete, running, pending);
  }

  /** Meant to run after the plan is committed, on an agent that is not lost. */
  private static boolean active(Census.TaskView v, Decisions d) {
    return v.wanted() && !d.stopping(v) && !v.lost();
  }
}
