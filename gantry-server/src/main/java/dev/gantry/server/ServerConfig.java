package dev.gantry.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Everything `gantry server` is started with. Secrets never reach toString(). */
public record ServerConfig(
    InetSocketAddress listen,
    Path dataDir,
    String region,
    String accountId,
    String rootAccessKeyId,
    String rootSecretAccessKey) {

  @Override
  public String toString() {
    return "ServerConfig[listen=" + listen + ", dataDir=" + dataDir + ", region=" + region
        + ", accountId=" + accountId + ", rootAccessKeyId=" + rootAccessKeyId + "]";
  }
}
