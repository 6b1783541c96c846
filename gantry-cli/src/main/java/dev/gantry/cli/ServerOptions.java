package dev.gantry.cli;

import dev.gantry.server.ServerConfig;
import dev.gantry.server.api.ServerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options {@code gantry server} and {@code gantry dev} share. Each converter rejects a bad value
 * with a message that picocli prefixes with the option's name, so the user sees the option, the
 * value and what would be valid.
 */
final class ServerOptions {
  static final String DEFAULT_LISTEN = "127.0.0.1:7777";

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

  ServerConfig toConfig(Path dataDir, RootCredentials credentials) {
    return new ServerConfig(listen, dataDir, region, accountId, credentials.accessKeyId(),
        credentials.secretAccessKey());
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
