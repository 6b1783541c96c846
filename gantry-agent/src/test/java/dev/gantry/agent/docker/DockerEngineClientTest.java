package dev.gantry.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real local dockerd (scripts/test starts it; GANTRY_SKIP_DOCKER=1 opts out). */
class DockerEngineClientTest {
  private static final String SOCKET = "unix:///var/run/docker.sock";

  @BeforeAll
  static void dockerWanted() {
    assumeFalse("1".equals(System.getenv("GANTRY_SKIP_DOCKER")), "GANTRY_SKIP_DOCKER=1");
  }

  @Test
  void infoOfTheLocalEngineMapsToLinux() {
    try (DockerEngineClient docker = DockerEngineClient.connect(SOCKET)) {
      DockerInfo info = docker.info();
      DockerVersion version = docker.version();
      assertThat(info.ncpu()).isPositive();
      assertThat(info.memTotalMiB()).isPositive();
      assertThat(info.serverVersion()).isNotBlank().isEqualTo(version.version());
      assertThat(version.apiVersion()).isGreaterThanOrEqualTo(new ApiVersion(1, 24));
      assertThat(HostAttributes.osType(info)).isEqualTo("linux");
      assertThat(HostAttributes.osFamily(info, Optional.empty())).isEqualTo("LINUX");
      assertThat(HostAttributes.cpuArchitecture(info)).isIn("x86_64", "arm64");
      assertThat(HostAttributes.capabilities(info, version))
          .contains("com.amazonaws.ecs.capability.docker-remote-api.1.24", "ecs.capability.container-health-check");
    }
  }

  @Test
  void typedClientSharesTheConnection() {
    try (DockerEngineClient docker = DockerEngineClient.connect(SOCKET)) {
      assertThat(docker.api().versionCmd().exec().getApiVersion()).isEqualTo(docker.version().apiVersion().toString());
    }
  }

  @Test
  void anEngineThatIsNotThereIsNamedInTheError() {
    try (DockerEngineClient docker = DockerEngineClient.connect("unix:///nonexistent/docker.sock")) {
      assertThatThrownBy(docker::info).isInstanceOf(DockerEngineException.class)
          .hasMessageContaining("unix:///nonexistent/docker.sock").hasMessageContaining("GET /info");
    }
  }
}
