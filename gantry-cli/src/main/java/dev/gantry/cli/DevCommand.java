package dev.gantry.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gantry dev}: a server for local use, state and generated credentials in ./.gantry. */
@Command(name = "dev", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Serves the ECS API for local development, in the foreground.",
        "State lives in ./.gantry of the current directory. A root key pair is generated on the"
            + " first run into <data dir>/credentials (mode 0600) and reused afterwards;"
            + " the matching export lines for the AWS CLI are printed at start."})
final class DevCommand implements Callable<Integer> {
  static final String DEFAULT_DATA_DIR = ".gantry";

  @Spec CommandSpec spec;

  @Mixin ServerOptions options;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Directory for state and credentials. Default: " + DEFAULT_DATA_DIR
          + " in the current directory.")
  Optional<Path> dataDir;

  @Option(names = "--no-agent", description = "Serve the API only: no local agent, so tasks do not run.")
  boolean noAgent;

  private final Path workingDirectory;
  private final Supplier<StopSignal> stopSignals;
  private final Map<String, String> environment;

  DevCommand(Path workingDirectory, Supplier<StopSignal> stopSignals, Map<String, String> environment) {
    this.workingDirectory = workingDirectory;
    this.stopSignals = stopSignals;
    this.environment = environment;
  }

  @Override
  public Integer call() {
    Path dir = workingDirectory.resolve(dataDir.orElse(Path.of(DEFAULT_DATA_DIR))).normalize();
    RootCredentials credentials = DevCredentialsFile.loadOrCreate(dir, new SecureRandom());
    PrintWriter out = spec.commandLine().getOut();
    return Serving.run(options.toConfig(dir, credentials), out,
        endpoint -> DevBanner.lines(endpoint, credentials, options.region, dir),
        stopSignals.get(),
        endpoint -> noAgent ? Optional.empty()
            : LocalAgent.start(LocalAgent.environment(environment, endpoint, credentials, dir), out));
  }
}
