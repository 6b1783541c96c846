package dev.gantry.server.agent;

import java.time.Instant;

/**
 * An agent key pair as kept at {@code Keys.credential(accessKeyId)}: the secret as handed out
 * (the store file is private to the server, mode 0600), the cluster and the container instance
 * id it acts for, and when it was minted. Deleting the record revokes the key.
 */
record StoredAgentKey(String accessKeyId, String secretAccessKey, String cluster, String containerInstanceId,
    Instant createdAt) {

  @Override
  public String toString() {
    return "StoredAgentKey[accessKeyId=" + accessKeyId + ", cluster=" + cluster + ", containerInstanceId="
        + containerInstanceId + ", createdAt=" + createdAt + "]";
  }
}
