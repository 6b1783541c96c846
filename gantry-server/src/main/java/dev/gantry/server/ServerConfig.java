package dev.gantry.server;

import dev.gantry.server.api.ServerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything `gantry server` is started with. A null or blank region or account id means the
 * default ({@code us-east-1}, {@code 000000000000}). Secrets never reach toString().
 */
public record ServerConfig(
    InetSocketAddress listen,
    Path dataDir,
    String region,
    String accountId,
    String rootAccessKeyId,
    String rootSecretAccessKey) {

  public ServerConfig {
    Objects.requireNonNull(listen, "listen");
    region = region == null || region.isBlank() ? ServerSettings.DEFAULT_REGION : region.strip();
    accountId = accountId == null || accountId.isBlank() ? ServerSettings.DEFAULT_ACCOUNT_ID : accountId.strip();
    if (!accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits, as in ARNs");
    }
  }

  @Override
  public String toString() {
    return "ServerConfig[listen=" + listen + ", dataDir=" + dataDir + ", region=" + region
        + ", accountId=" + accountId + ", rootAccessKeyId=" + rootAccessKeyId + "]";
  }
}
