package dev.gantry.reconcile;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the reconciler remembers between calls, beyond what the store shows: the controller
 * stores the {@link Plan#schedulerState()} with the service, in the same transaction as the rest
 * of the plan, and passes it back next time. Plain JSON (sets, maps, strings, instants); members
 * missing from older JSON read as empty.
 *
 * <ul>
 *   <li>{@code accountedTasks}: STOPPED tasks whose stop the circuit breaker and the launch
 *       throttle have already counted, so each counts once (only those still observed are kept).
 *   <li>{@code launchThrottle}: see {@link LaunchThrottle}.
 *   <li>{@code reportedConditions}: ongoing conditions (steady state, unable to place, ...) and
 *       when their service event was last appended; a condition is reported again only after
 *       {@link SchedulerSettings#eventRepeat()} or once it ended and came back.
 *   <li>{@code unseenInstances}: instances that host tasks but have no liveness entry, and when
 *       the reconciler first noticed that (their agent's "last seen").
 * </ul>
 */
public record SchedulerState(Set<String> accountedTasks, LaunchThrottle launchThrottle,
    Map<String, Instant> reportedConditions, Map<String, Instant> unseenInstances) {

  public static final SchedulerState INITIAL = new SchedulerState(Set.of(), LaunchThrottle.NONE, Map.of(), Map.of());

  public SchedulerState {
    // sorted copies: the plan must not depend on hash order, and stored JSON stays stable
    accountedTasks = Collections.unmodifiableSortedSet(new TreeSet<>(accountedTasks == null ? Set.of() : accountedTasks));
    launchThrottle = launchThrottle == null ? LaunchThrottle.NONE : launchThrottle;
    reportedConditions = Collections.unmodifiableSortedMap(
        new TreeMap<>(reportedConditions == null ? Map.of() : reportedConditions));
    unseenInstances = Collections.unmodifiableSortedMap(
        new TreeMap<>(unseenInstances == null ? Map.of() : unseenInstances));
  }
}
