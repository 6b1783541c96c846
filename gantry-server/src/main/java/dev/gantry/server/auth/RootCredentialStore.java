package dev.gantry.server.auth;

import dev.gantry.server.api.Principal;
import java.util.Optional;

/** The single root key pair from the server configuration. */
final class RootCredentialStore implements CredentialStore {
  private final Credential root;
  private final Optional<Credential> found;

  RootCredentialStore(String accessKeyId, String secretAccessKey) {
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new IllegalArgumentException("the root access key id is empty (set GANTRY_ROOT_ACCESS_KEY_ID)");
    }
    if (secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("the root secret access key is empty (set GANTRY_ROOT_SECRET_ACCESS_KEY)");
    }
    this.root = new Credential(accessKeyId, secretAccessKey, new Principal.Root(accessKeyId));
    this.found = Optional.of(root);
  }

  @Override
  public Optional<Credential> find(String accessKeyId) {
    return root.accessKeyId().equals(accessKeyId) ? found : Optional.empty();
  }

  @Override
  public String toString() {
    return "RootCredentialStore[" + root.accessKeyId() + "]";
  }
}
