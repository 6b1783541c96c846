package dev.gantry.reconcile;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.DesiredStatus;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.TaskStopCode;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.Constraint;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.Strategy;
import dev.gantry.placement.TaskDemand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builders for the reconciler's inputs: a service "web" in cluster "c", instances, tasks. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
  static final String TASK_DEF_1 = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1";
  static final String TASK_DEF_2 = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2";
  static final TaskDemand DEMAND = TaskDemand.of(256, 256);

  private Fixtures() {}

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static String instanceArn(String id) {
    return "arn:aws:ecs:us-east-1:000000000000:container-instance/c/" + id;
  }

  static String taskArn(String id) {
    return "arn:aws:ecs:us-east-1:000000000000:task/c/" + id;
  }

  static InstanceView instance(String id, String zone) {
    return instance(id, zone, ContainerInstanceStatus.ACTIVE, Map.of());
  }

  static InstanceView instance(String id, String zone, ContainerInstanceStatus status, Map<String, String> extra) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("ecs.availability-zone", zone);
    attributes.put("ecs.os-family", "LINUX");
    attributes.putAll(extra);
    return new InstanceView(instanceArn(id), "i-" + id, status, true, "1.80.0", Optional.empty(), 4096, 8192,
        Set.of(22), Set.of(), attributes, 0, Map.of());
  }

  /** Instance {@code id} whose agent advertises {@code seconds} as its default stop timeout. */
  static InstanceView instanceStoppingIn(String id, String zone, long seconds) {
    return instance(id, zone, ContainerInstanceStatus.ACTIVE, Map.of(StopTimeout.ATTRIBUTE, Long.toString(seconds)));
  }

  static ClusterSnapshot cluster(InstanceView... instances) {
    return new ClusterSnapshot(List.of(instances));
  }

  /** Every instance of the snapshot polled at {@code seen}. */
  static AgentLiveness seenAt(ClusterSnapshot snapshot, Instant seen) {
    Map<String, Instant> m = new HashMap<>();
    snapshot.instances().forEach(i -> m.put(i.containerInstanceArn(), seen));
    return new AgentLiveness(m);
  }

  static DeploymentSpec deployment(String id, String taskDef, Instant createdAt) {
    return DeploymentSpec.create(id, taskDef, TaskPlacement.of(DEMAND), false, StopTimeout.AGENT_DEFAULT, createdAt);
  }

  static DeploymentSpec completedDeployment(String id, String taskDef, Instant createdAt, DeploymentStatus status) {
    return deployment(id, taskDef, createdAt).withStatus(status, createdAt)
        .withRollout(DeploymentRolloutState.COMPLETED, ServiceEvents.completed(id), createdAt);
  }

  /** A service under construction; {@link #build()} makes the spec. */
  static final class Service {
    String name = "web";
    SchedulingStrategy strategy = SchedulingStrategy.REPLICA;
    ServiceStatus status = ServiceStatus.ACTIVE;
    int desired = 2;
    List<DeploymentSpec> deployments = new ArrayList<>(List.of(deployment("ecs-svc/1", TASK_DEF_1, T0)));
    DeploymentConfig config;
    List<Constraint> constraints = List.of();
    List<Strategy> strategies = List.of();
    Duration grace = Duration.ZERO;
    SchedulerState state = SchedulerState.INITIAL;

    Service desired(int n) {
      desired = n;
      return this;
    }

    Service daemon() {
      strategy = SchedulingStrategy.DAEMON;
      return this;
    }

    Service percents(int min, int max) {
      config = new DeploymentConfig(min, max, config != null && config.circuitBreakerEnable(),
          config != null && config.circuitBreakerRollback());
      return this;
    }

    Service circuitBreaker(boolean rollback) {
      DeploymentConfig c = config();
      config = new DeploymentConfig(c.minimumHealthyPercent(), c.maximumPercent(), true, rollback);
      return this;
    }

    /** A deployment of task definition 2 as primary; the current one becomes ACTIVE. */
    Service deploying(String id, Instant createdAt) {
      List<DeploymentSpec> next = new ArrayList<>();
      next.add(deployment(id, TASK_DEF_2, createdAt));
      deployments.forEach(d -> next.add(d.withStatus(DeploymentStatus.ACTIVE, createdAt)));
      deployments = next;
      return this;
    }

    Service deployments(DeploymentSpec... d) {
      deployments = new ArrayList<>(List.of(d));
      return this;
    }

    Service primaryWithHealthChecks() {
      DeploymentSpec p = deployments.get(0);
      deployments.set(0, new DeploymentSpec(p.id(), p.taskDefinition(), p.placement(), true, p.stopTimeout(),
          p.createdAt(), p.updatedAt(), p.status(), p.rolloutState(), p.rolloutStateReason(), p.desiredCount(),
          p.runningCount(), p.pendingCount(), p.failedTasks()));
      return this;
    }

    Service primaryPlacement(TaskPlacement placement) {
      DeploymentSpec p = deployments.get(0);
      deployments.set(0, new DeploymentSpec(p.id(), p.taskDefinition(), placement, p.healthChecks(), p.stopTimeout(),
          p.createdAt(), p.updatedAt(), p.status(), p.rolloutState(), p.rolloutStateReason(), p.desiredCount(),
          p.runningCount(), p.pendingCount(), p.failedTasks()));
      return this;
    }

    Service primaryStopTimeout(StopTimeout stopTimeout) {
      DeploymentSpec p = deployments.get(0);
      deployments.set(0, new DeploymentSpec(p.id(), p.taskDefinition(), p.placement(), p.healthChecks(), stopTimeout,
          p.createdAt(), p.updatedAt(), p.status(), p.rolloutState(), p.rolloutStateReason(), p.desiredCount(),
          p.runningCount(), p.pendingCount(), p.failedTasks()));
      return this;
    }

    Service constraints(Constraint... c) {
      constraints = List.of(c);
      return this;
    }

    Service grace(Duration d) {
      grace = d;
      return this;
    }

    Service status(ServiceStatus s) {
      status = s;
      return this;
    }

    Service state(SchedulerState s) {
      state = s;
      return this;
    }

    DeploymentConfig config() {
      return config != null ? config : DeploymentConfig.defaults(strategy);
    }

    ServiceSpec build() {
      return new ServiceSpec("arn:aws:ecs:us-east-1:000000000000:service/c/" + name, name, strategy, status, desired,
          deployments, config(), constraints, strategies, grace, state);
    }
  }

  static Service service() {
    return new Service();
  }

  /** A task under construction: PENDING on instance "a" of deployment ecs-svc/1 unless told otherwise. */
  static final class Task {
    final String id;
    String deployment = "ecs-svc/1";
    String instance = "a";
    TaskStatus last = TaskStatus.PENDING;
    DesiredStatus desiredStatus = DesiredStatus.RUNNING;
    HealthStatus health = HealthStatus.UNKNOWN;
    Instant createdAt = T0;
    Instant startedAt;
    Instant stoppedAt;
    TaskStopCode stopCode;

    Task(String id) {
      this.id = id;
    }

    Task of(String deploymentId) {
      deployment = deploymentId;
      return this;
    }

    Task on(String instanceId) {
      instance = instanceId;
      return this;
    }

    /** RUNNING since {@code started}. */
    Task running(Instant started) {
      last = TaskStatus.RUNNING;
      startedAt = started;
      createdAt = started.minusSeconds(5);
      return this;
    }

    Task health(HealthStatus h) {
      health = h;
      return this;
    }

    Task stopping() {
      desiredStatus = DesiredStatus.STOPPED;
      stopCode = TaskStopCode.SERVICESCHEDULERINITIATED;
      return this;
    }

    /** STOPPED at {@code at} with {@code code}; started at {@code started} or never (null). */
    Task stopped(Instant started, Instant at, TaskStopCode code) {
      last = TaskStatus.STOPPED;
      desiredStatus = DesiredStatus.STOPPED;
      startedAt = started;
      stoppedAt = at;
      stopCode = code;
      createdAt = at.minusSeconds(10);
      return this;
    }

    ObservedTask build() {
      return new ObservedTask(taskArn(id), deployment, instanceArn(instance), last, desiredStatus, health, createdAt,
          Optional.ofNullable(startedAt), Optional.ofNullable(stoppedAt), Optional.ofNullable(stopCode),
          Optional.empty());
    }
  }

  static Task task(String id) {
    return new Task(id);
  }
}
