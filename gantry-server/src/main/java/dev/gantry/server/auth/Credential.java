package dev.gantry.server.auth;

import dev.gantry.server.api.Principal;
import java.util.Objects;

/** An access key pair and the identity it authenticates. The secret never reaches toString(). */
public record Credential(String accessKeyId, String secretAccessKey, Principal principal) {

  public Credential {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(principal, "principal");
    if (!principal.accessKeyId().equals(accessKeyId)) {
      throw new IllegalArgumentException("principal " + principal + " does not belong to access key " + accessKeyId);
    }
  }

  @Override
  public String toString() {
    return "Credential[accessKeyId=" + accessKeyId + ", principal=" + principal + "]";
  }
}
