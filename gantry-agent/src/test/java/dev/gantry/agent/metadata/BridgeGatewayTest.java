package dev.gantry.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.agent.docker.DockerEngineClient;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BridgeGatewayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "one IPv4 config                 | {\"IPAM\":{\"Config\":[{\"Subnet\":\"172.17.0.0/16\",\"Gateway\":\"172.17.0.1\"}]}} | 172.17.0.1",
      "IPv6 config first               | {\"IPAM\":{\"Config\":[{\"Subnet\":\"fd00::/64\",\"Gateway\":\"fd00::1\"},{\"Gateway\":\"10.1.0.1\"}]}} | 10.1.0.1",
      "config without a gateway        | {\"IPAM\":{\"Config\":[{\"Subnet\":\"172.17.0.0/16\"}]}} | ''",
      "no IPAM config                  | {\"IPAM\":{\"Config\":null}} | ''",
      "a name, never looked up         | {\"IPAM\":{\"Config\":[{\"Gateway\":\"gateway.example\"}]}} | ''",
  })
  void gatewayIsTheFirstIpv4GatewayOfTheIpamConfig(String name, String network, String expected) throws Exception {
    assertThat(BridgeGateway.gateway(JSON.readTree(network)).map(a -> a.getHostAddress()).orElse(""))
        .isEqualTo(expected);
  }

  @Test
  void theLocalEngineHasABridgeGateway() {
    assumeFalse("1".equals(System.getenv("GANTRY_SKIP_DOCKER")), "GANTRY_SKIP_DOCKER=1");
    assumeTrue(Files.exists(Path.of("/var/run/docker.sock")), "no Docker daemon at /var/run/docker.sock");
    try (DockerEngineClient docker = DockerEngineClient.connect("unix:///var/run/docker.sock")) {
      assertThat(BridgeGateway.of(docker)).get().isInstanceOf(Inet4Address.class);
    }
  }
}
