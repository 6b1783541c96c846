package dev.gantry.cli;

import dev.gantry.agent.Agent;
import dev.gantry.agent.config.AgentConfig;
import dev.gantry.agent.config.HostFacts;
import dev.gantry.agent.config.InvalidAgentConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The agent `gantry dev` runs beside its server: this host as a container instance of the
 * "default" cluster, signing with the dev root keys. The user's own ECS_* and GANTRY_*
 * variables still apply (e.g. ECS_RESERVED_MEMORY); the dev ones fill in what they leave out.
 * Without a Docker daemon the dev server still serves the API, and says why tasks won't run.
 */
final class LocalAgent {
  private LocalAgent() {}

  static Map<String, String> environment(Map<String, String> userEnvironment, String endpoint,
      RootCredentials credentials, Path dataDir) {
    Map<String, String> env = new HashMap<>();
    userEnvironment.forEach((name, value) -> {
      if (name.startsWith("ECS_") || name.startsWith("GANTRY_")) {
        env.put(name, value);
      }
    });
    env.putIfAbsent(AgentConfig.ECS_CLUSTER, "default");
    env.putIfAbsent(AgentConfig.ECS_DATADIR, dataDir.resolve("agent").toString());
    env.put(AgentConfig.GANTRY_SERVER, endpoint);
    env.put(AgentConfig.GANTRY_ACCESS_KEY_ID, credentials.accessKeyId());
    env.put(AgentConfig.GANTRY_SECRET_ACCESS_KEY, credentials.secretAccessKey());
    return env;
  }

  static Optional<AutoCloseable> start(Map<String, String> env, PrintWriter out) {
    AgentConfig config;
    try {
      config = AgentConfig.parse(env, HostFacts.detect());
    } catch (InvalidAgentConfigException e) {
      out.println("No local agent: " + e.getMessage());
      out.flush();
      return Optional.empty();
    }
    try {
      Agent agent = Agent.start(config);
      out.println("Local agent: this host is container instance " + agent.containerInstance().containerInstanceArn()
          + " in cluster " + config.cluster() + " (Docker at " + config.dockerHost() + ").");
      out.flush();
      agent.failure().thenAccept(failed -> {
        out.println("Local agent stopped: " + failed.message() + ". The API still works; tasks no longer run here.");
        out.flush();
      });
      return Optional.of(agent);
    } catch (RuntimeException e) {
      out.println("No local agent: " + e.getMessage() + ". The API works, but tasks will not run: start a Docker "
          + "daemon at " + config.dockerHost() + " and restart, or pass --no-agent to skip it.");
      out.flush();
      return Optional.empty();
    }
  }
}
