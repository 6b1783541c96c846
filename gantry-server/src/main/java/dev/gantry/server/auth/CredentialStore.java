package dev.gantry.server.auth;

import java.util.Optional;

/**
 * Where the verifier finds the secret behind an access key id. The root pair comes from the
 * server configuration; agent pairs will live in the StateStore, so a lookup may do I/O and
 * stores compose with {@link #orElse}. Implementations are thread-safe.
 */
public interface CredentialStore {

  Optional<Credential> find(String accessKeyId);

  /** This store first, then {@code next} for keys this one does not know. */
  default CredentialStore orElse(CredentialStore next) {
    CredentialStore first = this;
    return accessKeyId -> first.find(accessKeyId).or(() -> next.find(accessKeyId));
  }

  /** Only the operator's key pair, which authenticates as {@code Principal.Root}. */
  static CredentialStore rootOnly(String accessKeyId, String secretAccessKey) {
    return new RootCredentialStore(accessKeyId, secretAccessKey);
  }
}
