package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command tree as a user meets it: help, version, and refusals before anything starts. */
class MainTest {
  private static final Map<String, String> ROOT_KEYS = Map.of(
      "GANTRY_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
      "GANTRY_ROOT_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

  @TempDir Path workingDirectory;

  private record Run(int exitCode, String out, String err) {}

  private Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(environment, workingDirectory, StopSignal::manual);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "gantry {0} prints its usage and exits 0")
  @ValueSource(strings = {"--help", "-h", "server --help", "dev --help", "help server", "help dev",
      "agent-key --help", "agent-key create --help"})
  void everyCommandHasHelp(String args) {
    Run run = run(Map.of(), args.split(" "));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: gantry").contains("--help", "--version");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void rootHelpListsTheCommands() {
    assertThat(run(Map.of(), "--help").out()).contains("server ", "dev ", "agent-key ", "help ");
  }

  @Test
  void serverHelpNamesItsOptionsWithDefaultsAndTheCredentialVariables() {
    String help = run(Map.of(), "server", "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("--listen=HOST:PORT", "Default: 127.0.0.1:7777", "--data-dir=DIR",
        "--region=REGION", "Default: us-east-1", "--account-id=ID", "Default: 000000000000",
        "GANTRY_ROOT_ACCESS_KEY_ID", "GANTRY_ROOT_SECRET_ACCESS_KEY");
  }

  @ParameterizedTest(name = "gantry {0} --help names the timing options with default and range")
  @ValueSource(strings = {"server", "dev"})
  void helpNamesTheTimingOptionsWithDefaultsAndRanges(String command) {
    String help = run(Map.of(), command, "--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("--stopped-task-retention=DURATION", "Default: 1h", "Range: 1s to 8760h",
        "--agent-liveness-ttl=DURATION", "Default: 10s", "Range: 100ms to 2m", "Go duration");
  }

  @Test
  void devHelpSaysWhereStateAndCredentialsGo() {
    assertThat(run(Map.of(), "dev", "--help").out()).contains(".gantry", "credentials", "0600");
  }

  @ParameterizedTest(name = "gantry {0} prints the version")
  @ValueSource(strings = {"--version", "-V", "server --version", "dev -V"})
  void printsTheProjectVersion(String args) {
    Run run = run(Map.of(), args.split(" "));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("gantry \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
  }

  @Test
  void withoutACommandSaysWhichOnesExist() {
    Run run = run(Map.of());

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("gantry server", "gantry dev", "Try 'gantry --help'");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    Run run = run(Map.of(), "serve");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("'serve'", "gantry server");
  }

  @Test
  void serverRefusesToStartWithoutRootCredentialsAndSaysHowToSetThem() {
    Run run = run(Map.of(), "server", "--data-dir", "data");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains(
        "GANTRY_ROOT_ACCESS_KEY_ID and GANTRY_ROOT_SECRET_ACCESS_KEY are not set",
        "export GANTRY_ROOT_ACCESS_KEY_ID=", "GANTRY_ROOT_SECRET_ACCESS_KEY=", "gantry dev");
    assertThat(run.out()).isEmpty();
    assertThat(workingDirectory.resolve("data")).doesNotExist();
  }

  @Test
  void serverNamesTheOneMissingVariable() {
    Run run = run(Map.of("GANTRY_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "GANTRY_ROOT_SECRET_ACCESS_KEY", "  "), "server", "--data-dir", "data");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("but GANTRY_ROOT_SECRET_ACCESS_KEY is not set");
  }

  @Test
  void serverRejectsAMalformedSecretWithoutPrintingIt() {
    Run run = run(Map.of("GANTRY_ROOT_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
        "GANTRY_ROOT_SECRET_ACCESS_KEY", "has spaces in it s3cr3t"), "server", "--data-dir", "d");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("GANTRY_ROOT_SECRET_ACCESS_KEY is not valid")
        .doesNotContain("s3cr3t");
  }

  @Test
  void serverRequiresADataDir() {
    Run run = run(ROOT_KEYS, "server");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("--data-dir", "Try 'gantry server --help'");
  }

  @Test
  void serverNamesADataDirItCannotCreate() throws Exception {
    java.nio.file.Files.writeString(workingDirectory.resolve("file"), "not a directory");

    Run run = run(ROOT_KEYS, "server", "--data-dir", "file/state");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).startsWith("--data-dir file/state: cannot create the directory "
        + workingDirectory.resolve("file/state"));
  }

  @ParameterizedTest(name = "--listen {0} is rejected: {1}")
  @CsvSource(delimiter = '|', value = {
      "7777               | is not HOST:PORT",
      "127.0.0.1          | is not HOST:PORT",
      "127.0.0.1:         | is not HOST:PORT",
      ":7777              | is not HOST:PORT",
      "127.0.0.1:http     | is not HOST:PORT",
      "::1:7777           | is not HOST:PORT",
      "127.0.0.1:65536    | has port 65536; a port is 0 to 65535",
      "no-such-host.invalid:7777 | host 'no-such-host.invalid' does not resolve"})
  void rejectsABadListenAddressNamingOptionAndValue(String listen, String reason) {
    for (String command : new String[] {"server", "dev"}) {
      Run run = run(ROOT_KEYS, command, "--data-dir", "d", "--listen", listen);

      assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(run.err()).contains("Invalid value for option '--listen': '" + listen + "'", reason);
    }
    assertThat(workingDirectory.resolve("d")).doesNotExist();
  }

  @ParameterizedTest(name = "--region {0} is rejected")
  @ValueSource(strings = {"US-EAST-1", "useast1", "us-east", "us_east_1", "eu-west-100", ""})
  void rejectsABadRegion(String region) {
    Run run = run(ROOT_KEYS, "server", "--data-dir", "d", "--region", region);

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("Invalid value for option '--region': '" + region + "'",
        "like us-east-1");
  }

  @ParameterizedTest(name = "--account-id {0} is rejected")
  @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", "", "000-000-000-000"})
  void rejectsAnAccountIdThatIsNotTwelveDigits(String accountId) {
    Run run = run(ROOT_KEYS, "dev", "--account-id", accountId);

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("Invalid value for option '--account-id': '" + accountId + "'",
        "exactly 12 digits");
    assertThat(workingDirectory.resolve(".gantry")).doesNotExist();
  }

  @ParameterizedTest(name = "gantry {0} {1} {2} is refused before anything starts")
  @CsvSource(delimiter = '|', value = {
      "server | --stopped-task-retention | 0s    | '0s' is out of range: give 1s to 8760h (default 1h)",
      "dev    | --stopped-task-retention | 9000h | '9000h' is out of range: give 1s to 8760h (default 1h)",
      "server | --stopped-task-retention | 30d   | '30d' is not a duration",
      "dev    | --agent-liveness-ttl     | 50ms  | '50ms' is out of range: give 100ms to 2m (default 10s)",
      "server | --agent-liveness-ttl     | 5m    | '5m' is out of range: give 100ms to 2m (default 10s)",
      "dev    | --agent-liveness-ttl     | 10    | '10' is not a duration"})
  void refusesABadTimingAsUsageWithoutAStackTrace(String command, String option, String value, String message) {
    Run run = run(ROOT_KEYS, command, "--data-dir", "d", option, value);

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).startsWith("Invalid value for option '" + option + "': " + message)
        .contains("Try 'gantry " + command + " --help'").doesNotContain("Exception", "\tat ");
    assertThat(run.out()).isEmpty();
    assertThat(workingDirectory.resolve("d")).doesNotExist();
  }
}
