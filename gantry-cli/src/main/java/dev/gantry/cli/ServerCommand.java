package dev.gantry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gantry server}: the control plane in the foreground, root key pair from the environment. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Serves the ECS API in the foreground until SIGTERM or Ctrl-C.",
        "Root credentials come from the environment variables GANTRY_ROOT_ACCESS_KEY_ID and"
            + " GANTRY_ROOT_SECRET_ACCESS_KEY."})
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServerOptions options;

  @Option(names = "--data-dir", paramLabel = "DIR", required = true,
      description = "Directory for Gantry's state; created if missing.")
  Path dataDir;

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Supplier<StopSignal> stopSignals;

  ServerCommand(Map<String, String> environment, Path workingDirectory,
      Supplier<StopSignal> stopSignals) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.stopSignals = stopSignals;
  }

  @Override
  public Integer call() {
    RootCredentials credentials = switch (RootCredentials.from(environment)) {
      case RootCredentials.Lookup.Found found -> found.credentials();
      case RootCredentials.Lookup.Missing missing -> throw new UserError(
          missingCredentialsMessage(missing.names()), ExitCode.USAGE);
      case RootCredentials.Lookup.Invalid invalid ->
          throw new UserError(invalid.message(), ExitCode.USAGE);
    };
    Path dir = workingDirectory.resolve(dataDir).normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserError("--data-dir " + dataDir + ": cannot create the directory " + dir + " ("
          + e + ")", ExitCode.USAGE);
    }
    return Serving.run(options.toConfig(dir, credentials), spec.commandLine().getOut(),
        endpoint -> List.of("Gantry is serving the ECS API at " + endpoint + " (region "
            + options.region + ", account " + options.accountId + ", data dir " + dir + ")"),
        stopSignals.get());
  }

  static String missingCredentialsMessage(List<String> missing) {
    return "gantry server needs a root key pair, but " + String.join(" and ", missing)
        + (missing.size() == 1 ? " is" : " are") + " not set. Set both in the environment,"
        + " for example:\n"
        + "  export " + RootCredentials.ACCESS_KEY_VARIABLE + "=AKIAEXAMPLE1234567890 "
        + RootCredentials.SECRET_KEY_VARIABLE + "=\"$(head -c 30 /dev/urandom | base64)\"\n"
        + "Clients then sign with the same pair (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)."
        + " For a local playground, 'gantry dev' generates and stores a pair for you.";
  }
}
