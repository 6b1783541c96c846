package dev.gantry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code gantry} command. Subcommands are wired here with what they read from the process
 * (environment, working directory), so tests can run the same tree with their own.
 *
 * <p>Errors: bad usage prints the reason and a pointer to {@code --help} (exit 2, picocli's
 * usage code); a {@link UserError} prints its message only; anything else is a bug and keeps
 * its stack trace (exit 1).
 */
@Command(name = "gantry", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Gantry: a self-hosted container orchestrator that speaks the Amazon ECS API.",
    commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** One line per log record (the JDK default takes two); a user's own setting wins. */
  static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    System.exit(commandLine(System.getenv(), Path.of("").toAbsolutePath(), StopSignal::onTermination)
        .execute(args));
  }

  /**
   * @param stopSignals where a foreground server learns it should stop; per run, because the
   *     OS signal handlers are installed only when a server actually starts
   */
  static CommandLine commandLine(Map<String, String> environment, Path workingDirectory,
      Supplier<StopSignal> stopSignals) {
    CommandLine cli = new CommandLine(new Main())
        .addSubcommand(new ServerCommand(environment, workingDirectory, stopSignals))
        .addSubcommand(new DevCommand(workingDirectory, stopSignals, environment))
        .addSubcommand(new AgentCommand(environment, stopSignals))
        .addSubcommand(new CommandLine(new AgentKeyCommand())
            .addSubcommand(new AgentKeyCommand.Create(environment)))
        .addSubcommand(new CommandLine.HelpCommand());
    cli.setUsageHelpWidth(100);
    cli.setParameterExceptionHandler(Main::handleParameterException);
    cli.setExecutionExceptionHandler((e, command, parseResult) -> {
      if (e instanceof UserError userError) {
        command.getErr().println(userError.getMessage());
        return userError.exitCode();
      }
      throw e;
    });
    return cli;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command: use 'gantry server' or 'gantry dev'.");
  }

  private static int handleParameterException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCode.USAGE;
  }

  /** The project version, written into a resource at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"gantry " + properties.getProperty("version", "(unknown version)")};
    }
  }
}
