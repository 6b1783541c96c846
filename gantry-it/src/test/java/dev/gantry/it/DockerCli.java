package dev.gantry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test's own view of the real dockerd, through the `docker` command line: what the
 * containers really got (docker inspect), and cleanup by the labels the agent puts on them.
 * Deliberately not the agent's Docker client, so a bug there cannot hide itself.
 */
final class DockerCli {
  static final String TASK_ARN_LABEL = "com.amazonaws.ecs.task-arn";
  static final String INSTANCE_LABEL = "dev.gantry.container-instance-arn";
  static final String FAMILY_LABEL = "com.amazonaws.ecs.task-definition-family";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerCli() {}

  /** Why end-to-end tests cannot run here, or empty when dockerd and the test images are present. */
  static java.util.Optional<String> unavailableReason() {
    try {
      Result info = run("info", "--format", "{{.ServerVersion}}");
      if (info.exit() != 0) {
        return java.util.Optional.of("no Docker daemon answers `docker info`: " + info.output().strip());
      }
      Result images = run("image", "inspect", "--format", "{{.Id}}", "gantry-demo/web:1", "gantry-test/busybox:latest");
      if (images.exit() != 0) {
        return java.util.Optional.of("test images gantry-demo/web:1 and gantry-test/busybox:latest are missing"
            + " (scripts/test builds them from docker/test-images): " + images.output().strip());
      }
      return java.util.Optional.empty();
    } catch (UncheckedIOException e) {
      return java.util.Optional.of("the docker command line is not installed: " + e.getMessage());
    }
  }

  /** `docker inspect` of one container. */
  static JsonNode inspect(String containerId) {
    Result r = run("inspect", "--type", "container", containerId);
    if (r.exit() != 0) {
      throw new IllegalStateException("docker inspect " + containerId + " failed: " + r.output());
    }
    try {
      return JSON.readTree(r.output()).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ids of all containers (running or not) carrying {@code label=value}. */
  static List<String> idsWithLabel(String label, String value) {
    Result r = run("ps", "-aq", "--no-trunc", "--filter", "label=" + label + "=" + value);
    if (r.exit() != 0) {
      throw new IllegalStateException("docker ps failed: " + r.output());
    }
    return Arrays.stream(r.output().split("\\s+")).filter(s -> !s.isBlank()).toList();
  }

  /** A running container an agent made, by its labels. */
  record RunningContainer(String id, String taskArn, String family, String containerInstanceArn) {}

  /** Every running container that carries a task ARN label (one `docker ps`). */
  static List<RunningContainer> runningTaskContainers() {
    String format = String.join("\t", "{{.ID}}", label(TASK_ARN_LABEL), label(FAMILY_LABEL), label(INSTANCE_LABEL));
    Result r = run("ps", "--no-trunc", "--filter", "label=" + TASK_ARN_LABEL, "--format", format);
    if (r.exit() != 0) {
      throw new IllegalStateException("docker ps failed: " + r.output());
    }
    return r.output().lines().filter(line -> !line.isBlank()).map(line -> line.split("\t", -1))
        .map(f -> new RunningContainer(f[0], f[1], f[2], f[3])).toList();
  }

  private static String label(String name) {
    return "{{.Label \"" + name + "\"}}";
  }

  /** docker rm -f of every container of the task; quiet when there is none. */
  static void removeTaskContainers(String taskArn) {
    List<String> ids = idsWithLabel(TASK_ARN_LABEL, taskArn);
    if (!ids.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("rm", "-f"));
      args.addAll(ids);
      run(args.toArray(String[]::new));
    }
  }

  /** docker rm -f of every container the agent of {@code containerInstanceArn} made; quiet when none. */
  static void removeInstanceContainers(String containerInstanceArn) {
    List<String> ids = idsWithLabel(INSTANCE_LABEL, containerInstanceArn);
    if (!ids.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("rm", "-f"));
      args.addAll(ids);
      run(args.toArray(String[]::new));
    }
  }

  /** docker kill of the task's running containers, behind its agent's back: as if the process died. */
  static void killTaskContainers(String taskArn) {
    List<String> args = new ArrayList<>(List.of("kill"));
    args.addAll(idsWithLabel(TASK_ARN_LABEL, taskArn));
    Result r = run(args.toArray(String[]::new));
    if (r.exit() != 0) {
      throw new IllegalStateException("docker kill of " + taskArn + " failed: " + r.output());
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
