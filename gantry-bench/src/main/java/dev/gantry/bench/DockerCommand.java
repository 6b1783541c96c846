package dev.gantry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The `docker` command line, each call bounded in time: what the benches drive dockerd with. */
final class DockerCommand {
  static final String INSTANCE_LABEL = "dev.gantry.container-instance-arn";

  private DockerCommand() {}

  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  /** Runs {@code docker args...} and waits at most 120 s for it. */
  static Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " did not finish within 120 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** Like {@link #run} but an exit status other than 0 is an error naming the command and its output. */
  static String check(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.output());
    }
    return r.output();
  }

  /** docker rm -f of every container an agent of {@code containerInstanceArn} made. */
  static void removeInstanceContainers(String containerInstanceArn) {
    String ids = run("ps", "-aq", "--no-trunc", "--filter", "label=" + INSTANCE_LABEL + "=" + containerInstanceArn)
        .output();
    List<String> args = new ArrayList<>(List.of("rm", "-f"));
    Arrays.stream(ids.split("\\s+")).filter(s -> !s.isBlank()).forEach(args::add);
    if (args.size() > 2) {
      run(args.toArray(String[]::new));
    }
  }
}
