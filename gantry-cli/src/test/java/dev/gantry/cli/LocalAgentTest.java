package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalAgentTest {
  private final RootCredentials keys = new RootCredentials("AKIADEV0000000000001", "dev-secret");

  @Test
  void devFillsInWhatTheUserLeavesOutAndAlwaysPointsTheAgentAtItsOwnServer() {
    Map<String, String> env = LocalAgent.environment(Map.of(
        "ECS_RESERVED_MEMORY", "256", "ECS_CLUSTER", "mine", "GANTRY_SERVER", "http://elsewhere:1",
        "GANTRY_ACCESS_KEY_ID", "AKIAOTHER", "PATH", "/usr/bin", "HOME", "/root"),
        "http://127.0.0.1:7777", keys, Path.of("/data"));

    assertThat(env)
        .containsEntry("ECS_RESERVED_MEMORY", "256")
        .containsEntry("ECS_CLUSTER", "mine")
        .containsEntry("ECS_DATADIR", Path.of("/data").resolve("agent").toString())
        .containsEntry("GANTRY_SERVER", "http://127.0.0.1:7777")
        .containsEntry("GANTRY_ACCESS_KEY_ID", "AKIADEV0000000000001")
        .containsEntry("GANTRY_SECRET_ACCESS_KEY", "dev-secret")
        .doesNotContainKeys("PATH", "HOME");
  }

  @Test
  void withoutUserSettingsTheAgentJoinsTheDefaultCluster() {
    Map<String, String> env = LocalAgent.environment(Map.of(), "http://127.0.0.1:7777", keys, Path.of("/data"));
    assertThat(env).containsEntry("ECS_CLUSTER", "default");
  }
}
