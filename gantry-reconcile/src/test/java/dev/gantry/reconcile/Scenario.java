package dev.gantry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.ServiceEvent;
import dev.gantry.placement.ClusterSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One row of a scenario table: desired state (the service), observed state (tasks, cluster,
 * agent liveness, the time) and the plan expected. Unset expectations are not checked, except
 * that starts and stops default to none: a row says every task it expects to start or stop.
 */
final class Scenario {
  final String name;
  Fixtures.Service service = Fixtures.service();
  List<Fixtures.Task> tasks = new ArrayList<>();
  ClusterSnapshot cluster = Fixtures.cluster(Fixtures.instance("a", "us-east-1a"), Fixtures.instance("b", "us-east-1b"));
  Map<String, Instant> lastSeen = new TreeMap<>();
  Instant now = Fixtures.at(100);
  SchedulerSettings settings = SchedulerSettings.DEFAULTS;
  /** How many seeds the row must hold for (7, 8, ...): rows whose outcome must not hang on a random tie-break. */
  int seeds = 1;

  int starts;
  Set<String> stops = Set.of();
  /** When set, only how many tasks stop is checked (the scale-in order chooses which). */
  Optional<Integer> stopCount = Optional.empty();
  Optional<DeploymentRolloutState> rollout = Optional.empty();
  Optional<String> primary = Optional.empty();
  List<String> events = List.of();
  List<String> noEvents = List.of();
  Optional<Instant> wakeAt = Optional.empty();
  List<Consumer<Plan>> checks = new ArrayList<>();

  Scenario(String name) {
    this.name = name;
  }

  static Scenario of(String name) {
    return new Scenario(name);
  }

  Scenario service(Fixtures.Service s) {
    service = s;
    return this;
  }

  Scenario tasks(Fixtures.Task... t) {
    tasks = List.of(t);
    return this;
  }

  Scenario cluster(ClusterSnapshot c) {
    cluster = c;
    return this;
  }

  Scenario lastSeen(String instanceId, Instant at) {
    lastSeen.put(Fixtures.instanceArn(instanceId), at);
    return this;
  }

  Scenario at(Instant t) {
    now = t;
    return this;
  }

  Scenario expectStarts(int n) {
    starts = n;
    return this;
  }

  Scenario expectStops(String... taskIds) {
    stops = Set.of(taskIds);
    return this;
  }

  Scenario expectStopCount(int n) {
    stopCount = Optional.of(n);
    return this;
  }

  Scenario expectRollout(DeploymentRolloutState state) {
    rollout = Optional.of(state);
    return this;
  }

  Scenario expectPrimary(String deploymentId) {
    primary = Optional.of(deploymentId);
    return this;
  }

  Scenario expectEvents(String... fragments) {
    events = List.of(fragments);
    return this;
  }

  Scenario expectNoEvents(String... fragments) {
    noEvents = List.of(fragments);
    return this;
  }

  Scenario expectWakeAt(Instant t) {
    wakeAt = Optional.of(t);
    return this;
  }

  Scenario forSeeds(int n) {
    seeds = n;
    return this;
  }

  Scenario expect(Consumer<Plan> check) {
    checks.add(check);
    return this;
  }

  Plan plan() {
    return plan(7);
  }

  Plan plan(long seed) {
    Map<String, Instant> seen = new TreeMap<>();
    cluster.instances().forEach(i -> seen.put(i.containerInstanceArn(), now));
    seen.putAll(lastSeen);
    return new ServiceReconciler(settings).reconcile(service.build(),
        tasks.stream().map(Fixtures.Task::build).toList(), cluster, new AgentLiveness(seen), now,
        new SplittableRandom(seed));
  }

  void check() {
    for (int i = 0; i < seeds; i++) {
      check(plan(7 + i));
    }
  }

  private void check(Plan plan) {
    assertThat(plan.startCount()).as("tasks started").isEqualTo(starts);
    if (stopCount.isPresent()) {
      assertThat(plan.stops()).as("tasks stopped").hasSize(stopCount.get());
    } else {
      assertThat(plan.stops().stream().map(s -> ServiceEvents.lastSegment(s.taskArn())).collect(Collectors.toSet()))
          .as("tasks stopped").isEqualTo(stops);
    }
    rollout.ifPresent(r -> assertThat(plan.deployments().get(0).rolloutState()).as("primary rolloutState").isEqualTo(r));
    primary.ifPresent(p -> assertThat(plan.deployments().get(0).id()).as("primary deployment").isEqualTo(p));
    List<String> messages = plan.events().stream().map(ServiceEvent::message).toList();
    for (String e : events) {
      assertThat(messages).as("events").anyMatch(m -> m.contains(e));
    }
    for (String e : noEvents) {
      assertThat(messages).as("events").noneMatch(m -> m.contains(e));
    }
    wakeAt.ifPresent(w -> assertThat(plan.wakeAt()).as("wakeAt").contains(w));
    checks.forEach(c -> c.accept(plan));
  }

  @Override
  public String toString() {
    return name;
  }

  static List<String> ids(String... ids) {
    return Arrays.asList(ids);
  }
}
