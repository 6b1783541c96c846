package dev.gantry.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code gantry dev} prints once serving: where, the shell lines that point the AWS CLI at
 * it, and a first command to try. This is the one place a secret is printed, because the user
 * asked for a dev server and needs the pair to use it.
 */
final class DevBanner {
  private DevBanner() {}

  static List<String> lines(String endpoint, RootCredentials credentials, String region,
      Path dataDir) {
    return List.of(
        "Gantry dev server is serving the ECS API at " + endpoint + " (data dir " + dataDir + ")",
        "# In another shell:",
        "export AWS_ACCESS_KEY_ID=" + credentials.accessKeyId()
            + " AWS_SECRET_ACCESS_KEY=" + credentials.secretAccessKey()
            + " AWS_DEFAULT_REGION=" + region,
        "aws ecs list-clusters --endpoint-url " + endpoint,
        "# Ctrl-C stops the server; state and credentials stay in " + dataDir + ".");
  }
}
