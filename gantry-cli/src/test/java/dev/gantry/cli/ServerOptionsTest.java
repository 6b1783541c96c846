package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.agent.config.GoDuration;
import dev.gantry.reconcile.SchedulerSettings;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.agent.AgentChannel;
import dev.gantry.server.ops.TaskReaper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ServerOptionsTest {
  private static final RootCredentials ROOT =
      new RootCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

  /** The options alone, parsed as picocli parses them for {@code server} and {@code dev}. */
  @Command(name = "options")
  static final class Holder {
    @Mixin ServerOptions options;
  }

  private static ServerOptions parse(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.options;
  }

  private static ServerConfig config(String... args) {
    return parse(args).toConfig(Path.of("data"), ROOT);
  }

  @ParameterizedTest(name = "--listen {0} binds {1} port {2}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:7777  | 127.0.0.1 | 7777",
      "0.0.0.0:80      | 0.0.0.0   | 80",
      "[::1]:7777      | ::1       | 7777",
      "localhost:0     | localhost | 0",
      "10.1.2.3:65535  | 10.1.2.3  | 65535"})
  void acceptsHostAndPort(String listen, String host, int port) throws Exception {
    InetSocketAddress address = new ServerOptions.ListenAddressConverter().convert(listen);

    assertThat(address.getPort()).isEqualTo(port);
    assertThat(InetAddress.getAllByName(host)).contains(address.getAddress());
  }

  @ParameterizedTest(name = "region {0} is accepted")
  @ValueSource(strings = {"us-east-1", "eu-central-2", "ap-southeast-3", "us-gov-west-1", "cn-north-1"})
  void acceptsRegionNames(String region) {
    assertThat(new ServerOptions.RegionConverter().convert(region)).isEqualTo(region);
  }

  @ParameterizedTest(name = "account id {0} is accepted")
  @ValueSource(strings = {"000000000000", "123456789012"})
  void acceptsTwelveDigitAccountIds(String accountId) {
    assertThat(new ServerOptions.AccountIdConverter().convert(accountId)).isEqualTo(accountId);
  }

  @ParameterizedTest(name = "--stopped-task-retention {0} keeps stopped tasks for {1}")
  @CsvSource(delimiter = '|', value = {
      "2s       | PT2S",
      "90s      | PT1M30S",
      "1h30m    | PT1H30M",
      "1.5h     | PT1H30M",
      "1s       | PT1S",
      "1000ms   | PT1S",
      "8760h    | PT8760H",
      "' 24h '  | PT24H"})
  void takesTheStoppedTaskRetentionInGoSyntax(String value, Duration expected) {
    ServerConfig config = config("--stopped-task-retention", value);

    assertThat(config.stoppedTaskRetention()).isEqualTo(expected);
    assertThat(config.agentLivenessTtl()).isEqualTo(AgentChannel.DEFAULT_LIVENESS_TTL);
  }

  @ParameterizedTest(name = "--agent-liveness-ttl {0} is a TTL of {1}")
  @CsvSource(delimiter = '|', value = {
      "500ms    | PT0.5S",
      "100ms    | PT0.1S",
      "0.25s    | PT0.25S",
      "30s      | PT30S",
      "1m30s    | PT1M30S",
      "2m       | PT2M"})
  void takesTheAgentLivenessTtlInGoSyntaxAndHandsItToTheScheduler(String value, Duration expected) {
    ServerConfig config = config("--agent-liveness-ttl", value);

    assertThat(config.agentLivenessTtl()).isEqualTo(expected);
    assertThat(config.scheduler().livenessTtl()).isEqualTo(expected);
    assertThat(config.stoppedTaskRetention()).isEqualTo(TaskReaper.DEFAULT_RETENTION);
  }

  @ParameterizedTest(name = "{0} ''{1}'' is refused: {2}")
  @CsvSource(delimiter = '|', value = {
      // below the range
      "--stopped-task-retention | 0s      | '0s' is out of range: give 1s to 8760h (default 1h)",
      "--stopped-task-retention | 0       | '0' is out of range: give 1s to 8760h (default 1h)",
      "--stopped-task-retention | 999ms   | '999ms' is out of range: give 1s to 8760h (default 1h)",
      "--agent-liveness-ttl     | 99ms    | '99ms' is out of range: give 100ms to 2m (default 10s)",
      "--agent-liveness-ttl     | 0s      | '0s' is out of range: give 100ms to 2m (default 10s)",
      // above the range
      "--stopped-task-retention | 8761h   | '8761h' is out of range: give 1s to 8760h (default 1h)",
      "--stopped-task-retention | 8760h1s | '8760h1s' is out of range: give 1s to 8760h (default 1h)",
      "--agent-liveness-ttl     | 3m      | '3m' is out of range: give 100ms to 2m (default 10s);"
          + " agents give up on a poll after 60s",
      // not Go's syntax
      "--stopped-task-retention | 90      | '90' is not a duration: write numbers with units h, m, s or ms",
      "--stopped-task-retention | 7d      | '7d' is not a duration: write numbers with units h, m, s or ms, as"
          + " Go does (90s, 1h30m, 500ms; a day is 24h); give 1s to 8760h (default 1h)",
      "--stopped-task-retention | -5s     | '-5s' is not a duration",
      "--stopped-task-retention | 1h 30m  | '1h 30m' is not a duration",
      "--stopped-task-retention | 1H      | '1H' is not a duration",
      "--stopped-task-retention | ''      | '' is not a duration",
      "--agent-liveness-ttl     | 10      | '10' is not a duration: write numbers with units h, m, s or ms",
      "--agent-liveness-ttl     | PT10S   | 'PT10S' is not a duration",
      // too large for Go's parser: still told the range
      "--stopped-task-retention | 9999999999h | '9999999999h' is not a duration: write numbers with units h, m,"
          + " s or ms, as Go does (90s, 1h30m, 500ms; a day is 24h); give 1s to 8760h (default 1h)"})
  void refusesABadDurationNamingOptionValueAndRange(String option, String value, String message) {
    assertThatThrownBy(() -> parse(option, value))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageStartingWith("Invalid value for option '" + option + "': " + message);
  }

  @Test
  void withoutTimingOptionsTheServerKeepsItsOwnDefaults() {
    ServerOptions options = parse();

    assertThat(options.stoppedTaskRetention).isEmpty();
    assertThat(options.agentLivenessTtl).isEmpty();
    ServerConfig config = options.toConfig(Path.of("data"), ROOT);
    assertThat(config.stoppedTaskRetention()).isEqualTo(TaskReaper.DEFAULT_RETENTION);
    assertThat(config.agentLivenessTtl()).isEqualTo(AgentChannel.DEFAULT_LIVENESS_TTL);
    assertThat(config.scheduler()).isEqualTo(SchedulerSettings.DEFAULTS);
  }

  @ParameterizedTest(name = "the help of {0} names the default and range in force")
  @ValueSource(strings = {"--stopped-task-retention", "--agent-liveness-ttl"})
  void helpNamesTheDefaultAndRangeTheConverterEnforces(String option) {
    CommandLine.Model.OptionSpec spec = new CommandLine(new Holder()).getCommandSpec().findOption(option);
    ServerOptions.GoDurationConverter converter = (ServerOptions.GoDurationConverter) spec.converters()[0];

    assertThat(String.join(" ", spec.description()))
        .containsPattern("Default: " + Pattern.quote(ServerOptions.goSyntax(converter.defaultValue())) + "\\b")
        .containsPattern("Range: " + Pattern.quote(ServerOptions.goSyntax(converter.min()) + " to "
            + ServerOptions.goSyntax(converter.max())) + "\\b");
  }

  @Test
  void theLivenessHelpNamesTheReplaceGraceInForce() {
    CommandLine.Model.OptionSpec spec =
        new CommandLine(new Holder()).getCommandSpec().findOption("--agent-liveness-ttl");

    assertThat(String.join(" ", spec.description()))
        .contains(ServerOptions.goSyntax(SchedulerSettings.DEFAULTS.replaceGrace()) + " (the replace grace)");
  }

  @Test
  void theConvertersUseTheServersDefaultsAndBounds() {
    var retention = new ServerOptions.StoppedTaskRetentionConverter();
    var ttl = new ServerOptions.AgentLivenessTtlConverter();

    assertThat(List.of(retention.min(), retention.max(), retention.defaultValue())).containsExactly(
        ServerConfig.MIN_STOPPED_TASK_RETENTION, ServerConfig.MAX_STOPPED_TASK_RETENTION, TaskReaper.DEFAULT_RETENTION);
    assertThat(List.of(ttl.min(), ttl.defaultValue())).containsExactly(
        ServerConfig.MIN_AGENT_LIVENESS_TTL, AgentChannel.DEFAULT_LIVENESS_TTL);
    // the command's own ceiling must be one the server takes
    assertThat(config("--agent-liveness-ttl", ServerOptions.goSyntax(ttl.max())).agentLivenessTtl())
        .isEqualTo(ServerOptions.MAX_AGENT_LIVENESS_TTL);
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource(delimiter = '|', value = {
      "PT0S        | 0s",
      "PT8760H     | 8760h",
      "PT1H        | 1h",
      "PT1H30M     | 1h30m",
      "PT10S       | 10s",
      "PT0.1S      | 100ms",
      "PT1.5S      | 1s500ms",
      "PT0.000001S | 1000ns"})
  void writesDurationsWithoutZeroParts(Duration duration, String written) {
    assertThat(ServerOptions.goSyntax(duration)).isEqualTo(written);
  }

  @Property
  void whatIsWrittenParsesBackToTheSameDuration(@ForAll @LongRange(min = 0) long nanos) {
    Duration d = Duration.ofNanos(nanos);

    assertThat(GoDuration.parse(ServerOptions.goSyntax(d))).contains(d);
  }
}
