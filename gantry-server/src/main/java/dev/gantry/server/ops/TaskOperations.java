package dev.gantry.server.ops;

import dev.gantry.model.DescribeTasksRequest;
import dev.gantry.model.ListTasksRequest;
import dev.gantry.model.RunTaskRequest;
import dev.gantry.model.StartTaskRequest;
import dev.gantry.model.StopTaskRequest;
import dev.gantry.model.SubmitContainerStateChangeRequest;
import dev.gantry.model.SubmitTaskStateChangeRequest;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.store.StateStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

/** The task operations, wired to one store; placements and state changes share one set of cluster locks. */
final class TaskOperations {
  private TaskOperations() {}

  static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings) {
    return operations(store, settings, new SecureRandom());
  }

  /** The agent's Gantry routes about tasks (health, which no ECS operation carries). */
  static List<SignedRoute<?, ?>> routes(StateStore store) {
    var states = new TaskStateHandler(store, new ClusterLocks());
    return List.of(SignedRoute.agent(HEALTH_PATH, TaskStateHandler.TaskHealthRequest.class, states::submitHealth));
  }

  static final String HEALTH_PATH = "/v1/agent/health";

  /** {@code random} makes task and container ids and picks among the instances a task fits on. */
  static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings, RandomGenerator random) {
    ArnFormat arns = new ArnFormat(settings.region(), settings.accountId());
    ClusterLocks locks = new ClusterLocks();
    var starts = new TaskStartHandler(store, arns, random, locks);
    var states = new TaskStateHandler(store, locks);
    var reads = new TaskReadHandler(store, arns);
    return List.of(
        Operation.user("RunTask", RunTaskRequest.class, starts::run),
        Operation.user("StartTask", StartTaskRequest.class, starts::start),
        Operation.user("StopTask", StopTaskRequest.class, states::stop),
        Operation.user("DescribeTasks", DescribeTasksRequest.class, reads::describe),
        Operation.user("ListTasks", ListTasksRequest.class, reads::list),
        Operation.agent("SubmitTaskStateChange", SubmitTaskStateChangeRequest.class, states::submitTask),
        Operation.agent("SubmitContainerStateChange", SubmitContainerStateChangeRequest.class,
            states::submitContainer));
  }
}
