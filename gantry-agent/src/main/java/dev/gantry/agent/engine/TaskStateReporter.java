package dev.gantry.agent.engine;

import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.TaskStopCode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the engine sends actual state: the server (through SubmitContainerStateChange and
 * SubmitTaskStateChange), or a test's memory. A call that throws is retried on the task's next
 * round, so implementations need not retry; every report is the whole current state of its
 * subject, so repeating one is harmless.
 */
public interface TaskStateReporter {

  void containerChanged(ContainerReport report);

  void taskChanged(TaskReport report);

  /**
   * One container's state.
   *
   * @param status PENDING, RUNNING or STOPPED
   * @param health the health check's verdict; empty for a container without a health check
   */
  record ContainerReport(String cluster, String taskArn, String containerName, String status,
      Optional<String> runtimeId, OptionalInt exitCode, Optional<String> reason, List<NetworkBinding> networkBindings,
      Optional<HealthStatus> health) {
    public ContainerReport {
      Objects.requireNonNull(taskArn, "taskArn");
      Objects.requireNonNull(containerName, "containerName");
      networkBindings = List.copyOf(networkBindings);
    }
  }

  /**
   * A task's state, with all its containers.
   *
   * @param status PENDING, RUNNING or STOPPED
   * @param stopCode why the task stopped (also derived by the server from its own record)
   */
  record TaskReport(String cluster, String taskArn, String status, Optional<TaskStopCode> stopCode,
      Optional<String> reason, Optional<Instant> pullStartedAt, Optional<Instant> pullStoppedAt,
      Optional<Instant> executionStoppedAt, HealthStatus health, List<ContainerReport> containers) {
    public TaskReport {
      Objects.requireNonNull(taskArn, "taskArn");
      containers = List.copyOf(containers);
    }
  }
}
