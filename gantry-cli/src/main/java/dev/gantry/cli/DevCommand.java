package dev.gantry.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
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

  private final Path workingDirectory;
  private final Supplier<StopSignal> stopSignals;

  DevCommand(Path workingDirectory, Supplier<StopSignal> stopSignals) {
    this.workingDirectory = workingDirectory;
    this.stopSignals = stopSignals;
  }

  @Override
  public Integer call() {
    Path dir = workingDirectory.resolve(dataDir.orElse(Path.of(DEFAULT_DATA_DIR))).normalize();
    RootCredentials credentials = DevCredentialsFile.loadOrCreate(dir, new SecureRandom());
    return Serving.run(options.toConfig(dir, credentials), spec.commandLine().getOut(),
        endpoint -> DevBanner.lines(endpoint, credentials, options.region, dir),
        stopSignals.get());
  }
}
