package dev.gantry.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of scripts/bench: one subcommand per measured figure of docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {ApiBench.class, StoreBench.class, TaskStartBench.class,
    PlacementBench.class, RunTaskApiBench.class, FailoverBench.class, ConvergeBench.class, RegisterBench.class,
    ServicesBench.class, AgentObserveBench.class},
    description = "Gantry benchmarks; results go in docs/benchmarks.md with the command that made them.")
public final class BenchMain implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
