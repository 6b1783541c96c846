package dev.gantry.agent.registration;

import java.util.Objects;

/** What the agent reports as its versionInfo: its release and the source revision it was built from. */
public record AgentVersion(String version, String hash) {
  public AgentVersion {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hash, "hash");
  }
}
