package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.docker.create.ContainerLabels;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a restarted agent's fence stops before it has an engine: only its own running containers of those tasks. */
class TaskEngineStopContainersTest {
  private static final String HERE = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/here";
  private static final String ELSEWHERE = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/elsewhere";
  private static final String SINGLETON = "arn:aws:ecs:us-east-1:000000000000:task/c/singleton";
  private static final String WEB = "arn:aws:ecs:us-east-1:000000000000:task/c/web";

  private static Map<String, String> labels(String instance, String task) {
    return Map.of(ContainerLabels.CONTAINER_INSTANCE_ARN, instance, ContainerLabels.TASK_ARN, task);
  }

  @Test
  void stopsTheRunningContainersOfTheTasksOnThisInstanceWithTheTasksTimeout() {
    FakeContainerRuntime runtime = new FakeContainerRuntime(Map.of());
    runtime.put("app", "running", labels(HERE, SINGLETON));
    runtime.put("sidecar", "running", labels(HERE, SINGLETON));
    runtime.put("done", "exited", labels(HERE, SINGLETON));
    runtime.put("other-agent", "running", labels(ELSEWHERE, SINGLETON));
    runtime.put("web", "running", labels(HERE, WEB));

    TaskEngine.stopContainers(runtime, HERE, Map.of(SINGLETON, Duration.ofSeconds(120)));

    assertThat(runtime.stops()).containsExactlyInAnyOrder("app PT2M", "sidecar PT2M");
    assertThat(runtime.inspect("app").orElseThrow().running()).isFalse();
    assertThat(runtime.inspect("web").orElseThrow().running()).as("not fenced").isTrue();
    assertThat(runtime.inspect("other-agent").orElseThrow().running()).as("another agent's").isTrue();
  }
}
