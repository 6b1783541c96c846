package dev.gantry.cli;

import dev.gantry.agent.config.GoDuration;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.agent.AgentChannel;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.server.ops.TaskReaper;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options {@code gantry server} and {@code gantry dev} share. Each converter rejects a bad value
 * with a message that picocli prefixes with the option's name, so the user sees the option, the
 * value and what would be valid.
 *
 * <p>The timing options are empty unless given and then reach {@link ServerConfig} as null, so
 * that it alone decides the defaults; their converters check ServerConfig's bounds, so a bad value is refused as bad usage
 * before anything is created. Help texts must be compile-time constants: ServerOptionsTest checks
 * that the defaults and ranges they name are the ones in force.
 */
final class ServerOptions {
  static final String DEFAULT_LISTEN = "127.0.0.1:7777";
  /**
   * The longest agent liveness TTL the command takes, tighter than ServerConfig (which benchmarks
   * with silent hollow agents run at a day): a real agent gives up on a poll after 60 s and the
   * server holds a poll for a third of the TTL; past 3 minutes no quiet poll is ever answered in
   * time, and the agent's fencing lease lapses on a healthy connection. 2 minutes leaves 20 s.
   */
  static final Duration MAX_AGENT_LIVENESS_TTL = Duration.ofMinutes(2);

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = DEFAULT_LISTEN,
      converter = ListenAddressConverter.class,
      description = "Address to serve the ECS API on; port 0 picks a free port."
          + " Default: ${DEFAULT-VALUE}.")
  InetSocketAddress listen;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = ServerSettings.DEFAULT_REGION,
      converter = RegionConverter.class,
      description = "Region named in ARNs. Default: ${DEFAULT-VALUE}.")
  String region;

  @Option(names = "--account-id", paramLabel = "ID",
      defaultValue = ServerSettings.DEFAULT_ACCOUNT_ID, converter = AccountIdConverter.class,
      description = "12-digit account id named in ARNs. Default: ${DEFAULT-VALUE}.")
  String accountId;

  @Option(names = "--stopped-task-retention", paramLabel = "DURATION",
      converter = StoppedTaskRetentionConverter.class,
      description = "How long a STOPPED task stays visible to DescribeTasks and ListTasks before"
          + " it is deleted, as a Go duration (90s, 1h30m, 500ms). Default: 1h, as in ECS."
          + " Range: 1s to 8760h (365 days).")
  Optional<Duration> stoppedTaskRetention = Optional.empty();

  @Option(names = "--agent-liveness-ttl", paramLabel = "DURATION",
      converter = AgentLivenessTtlConverter.class,
      description = "A container instance whose agent has not polled for this long is"
          + " agentConnected: false; its service tasks are replaced 5s (the replace grace) later."
          + " Polls are held for a third of it. A Go duration. Default: 10s. Range: 100ms to 2m.")
  Optional<Duration> agentLivenessTtl = Optional.empty();

  /**
   * @throws UserError (usage) if ServerConfig refuses a combination the converters let through,
   *     so the user never sees a stack trace for a setting
   */
  ServerConfig toConfig(Path dataDir, RootCredentials credentials) {
    try {
      return new ServerConfig(listen, dataDir, region, accountId, credentials.accessKeyId(),
          credentials.secretAccessKey(), agentLivenessTtl.orElse(null), null,
          stoppedTaskRetention.orElse(null));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE);
    }
  }

  /**
   * A duration in Go's syntax between {@code min} and {@code max}. The message of a refusal
   * always states the range, which also covers a number too large for Go's parser.
   */
  abstract static class GoDurationConverter implements ITypeConverter<Duration> {
    private final Duration min;
    private final Duration max;
    private final Duration defaultValue;
    private final String whyMax;

    GoDurationConverter(Duration min, Duration max, Duration defaultValue, String whyMax) {
      this.min = min;
      this.max = max;
      this.defaultValue = defaultValue;
      this.whyMax = whyMax;
    }

    @Override
    public Duration convert(String value) {
      Duration d = GoDuration.parse(value).orElseThrow(() -> new TypeConversionException("'" + value
          + "' is not a duration: write numbers with units h, m, s or ms, as Go does (90s, 1h30m,"
          + " 500ms; a day is 24h); " + range()));
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new TypeConversionException("'" + value + "' is out of range: " + range()
            + (d.compareTo(max) > 0 ? whyMax : ""));
      }
      return d;
    }

    String range() {
      return "give " + goSyntax(min) + " to " + goSyntax(max) + " (default " + goSyntax(defaultValue) + ")";
    }

    Duration min() {
      return min;
    }

    Duration max() {
      return max;
    }

    Duration defaultValue() {
      return defaultValue;
    }
  }

  static final class StoppedTaskRetentionConverter extends GoDurationConverter {
    StoppedTaskRetentionConverter() {
      super(ServerConfig.MIN_STOPPED_TASK_RETENTION, ServerConfig.MAX_STOPPED_TASK_RETENTION,
          TaskReaper.DEFAULT_RETENTION, "");
    }
  }

  static final class AgentLivenessTtlConverter extends GoDurationConverter {
    AgentLivenessTtlConverter() {
      super(ServerConfig.MIN_AGENT_LIVENESS_TTL, MAX_AGENT_LIVENESS_TTL, AgentChannel.DEFAULT_LIVENESS_TTL,
          "; agents give up on a poll after 60s, and the server holds one for a third of the TTL");
    }
  }

  /** Go's units without Go's zero parts: {@code 8760h}, {@code 1h30m}, {@code 100ms}. */
  static String goSyntax(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long[] parts = {d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart(),
        d.toNanosPart() % 1_000_000};
    String[] units = {"h", "m", "s", "ms", "ns"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] > 0) {
        b.append(parts[i]).append(units[i]);
      }
    }
    return b.toString();
  }

  /** {@code host:port} or {@code [ipv6]:port}; the host must resolve. */
  static final class ListenAddressConverter implements ITypeConverter<InetSocketAddress> {
    private static final Pattern HOST_PORT =
        Pattern.compile("(?:\\[(?<v6>[0-9A-Fa-f:.%\\w]+)]|(?<host>[^:\\[\\]\\s]+)):(?<port>\\d{1,5})");

    @Override
    public InetSocketAddress convert(String value) {
      Matcher m = HOST_PORT.matcher(value);
      if (!m.matches()) {
        throw new TypeConversionException("'" + value
            + "' is not HOST:PORT (for example 127.0.0.1:7777, 0.0.0.0:7777 or [::1]:7777)");
      }
      int port = Integer.parseInt(m.group("port"));
      if (port > 65535) {
        throw new TypeConversionException("'" + value + "' has port " + port
            + "; a port is 0 to 65535 (0 picks a free one)");
      }
      String host = m.group("v6") != null ? m.group("v6") : m.group("host");
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new TypeConversionException("'" + value + "': host '" + host
            + "' does not resolve to an address; use an IP address such as 127.0.0.1");
      }
      return address;
    }
  }

  /** Region names like {@code us-east-1}, {@code eu-central-2}, {@code us-gov-west-1}. */
  static final class RegionConverter implements ITypeConverter<String> {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    @Override
    public String convert(String value) {
      if (!REGION.matcher(value).matches()) {
        throw new TypeConversionException("'" + value + "' is not a region name;"
            + " use lower-case words and a number separated by dashes, like us-east-1");
      }
      return value;
    }
  }

  static final class AccountIdConverter implements ITypeConverter<String> {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    @Override
    public String convert(String value) {
      if (!ACCOUNT_ID.matcher(value).matches()) {
        throw new TypeConversionException("'" + value
            + "' is not an account id; it must be exactly 12 digits, like 000000000000");
      }
      return value;
    }
  }
}
