package dev.gantry.agent.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.DockerEngineException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where containers on Docker's default bridge reach the host: the gateway of the "bridge"
 * network's IPAM config (docker0, usually 172.17.0.1). The metadata endpoint listens there.
 */
public final class BridgeGateway {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private BridgeGateway() {}

  /**
   * The IPv4 gateway of Docker's "bridge" network; empty when the engine has no such network
   * or it has no IPv4 gateway (bridge networking disabled).
   *
   * @throws dev.gantry.agent.docker.DockerEngineException when the engine cannot be asked
   */
  public static Optional<InetAddress> of(DockerEngineClient docker) {
    try {
      return gateway(docker.getJson("/networks/bridge"));
    } catch (DockerEngineException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The gateway in a {@code GET /networks/bridge} answer. */
  static Optional<InetAddress> gateway(JsonNode network) {
    for (JsonNode config : network.path("IPAM").path("Config")) {
      String gateway = config.path("Gateway").asText("");
      if (IPV4.matcher(gateway).matches()) {
        try {
          // a dotted-quad literal: no name lookup happens
          InetAddress address = InetAddress.getByName(gateway);
          if (address instanceof Inet4Address) {
            return Optional.of(address);
          }
        } catch (UnknownHostException e) {
          // cannot happen for a dotted-quad literal; look at the next config
        }
      }
    }
    return Optional.empty();
  }
}
