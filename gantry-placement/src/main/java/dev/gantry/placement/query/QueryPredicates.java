package dev.gantry.placement.query;

import dev.gantry.placement.InstancePredicate;
import dev.gantry.placement.InstanceView;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A parsed cluster query as the placement engine's memberOf predicate over its instance views. */
public final class QueryPredicates {
  private QueryPredicates() {}

  /** The query as a predicate that says when it reads attributes only (see {@link InstancePredicate#attributesRead}). */
  public static InstancePredicate of(ClusterQuery query) {
    return new QueryPredicate(query, query.attributesRead());
  }

  private record QueryPredicate(ClusterQuery query, Optional<Set<String>> attributesRead) implements InstancePredicate {
    @Override
    public boolean test(InstanceView instance) {
      return query.matches(new ViewTarget(instance));
    }
  }

  /** An instance view as a cluster query sees it (ListContainerInstances' filter uses it too). */
  public static QueryTarget target(InstanceView instance) {
    return new ViewTarget(instance);
  }

  /** Views keep absent text as empty strings; to a query they are absent. */
  private static Optional<String> present(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** An instance view seen as the query language's subjects; tiny and short-lived by design. */
  private record ViewTarget(InstanceView view) implements QueryTarget {
    @Override
    public boolean agentConnected() {
      return view.agentConnected();
    }

    @Override
    public Optional<String> agentVersion() {
      return present(view.agentVersion());
    }

    @Override
    public Optional<String> attribute(String name) {
      return view.attribute(name);
    }

    @Override
    public Optional<String> ec2InstanceId() {
      return present(view.ec2InstanceId());
    }

    @Override
    public Instant registeredAt() {
      return view.registeredAt().orElse(Instant.EPOCH);
    }

    @Override
    public int runningTasksCount() {
      return view.runningTasksCount();
    }

    @Override
    public Set<String> taskGroups() {
      return view.tasksByGroup().keySet();
    }
  }
}
