package dev.gantry.model.arn;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECS resource ARNs Gantry hands out and accepts:
 * {@code arn:aws:ecs:<region>:<account>:<type>/<path>}. Parsing accepts any partition and
 * region (a client may have been configured for another one); formatting uses the server's.
 * Container-instance and task ARNs also come in ECS's old form without the cluster segment.
 */
public sealed interface EcsArn {
  String region();

  String accountId();

  record Cluster(String region, String accountId, String clusterName) implements EcsArn {}

  record TaskDefinition(String region, String accountId, String family, int revision) implements EcsArn {}

  /** {@code clusterName} is empty for the old ARN form. */
  record ContainerInstance(String region, String accountId, Optional<String> clusterName, String id)
      implements EcsArn {}

  /** {@code clusterName} is empty for the old ARN form. */
  record Task(String region, String accountId, Optional<String> clusterName, String id) implements EcsArn {}

  record Service(String region, String accountId, String clusterName, String serviceName) implements EcsArn {}

  Pattern SHAPE = Pattern.compile("arn:aws[a-zA-Z-]*:ecs:([a-z0-9-]*):(\\d{12}):([a-z-]+)/(.+)");
  Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  Pattern FAMILY_REVISION = Pattern.compile("([A-Za-z0-9_-]{1,255}):([1-9]\\d{0,9})");

  /** The ARN's parts, or empty when {@code arn} is not an ECS ARN of a known type. */
  static Optional<EcsArn> parse(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    Matcher m = SHAPE.matcher(arn);
    if (!m.matches()) {
      return Optional.empty();
    }
    String region = m.group(1);
    String account = m.group(2);
    String path = m.group(4);
    String[] parts = path.split("/", -1);
    return switch (m.group(3)) {
      case "cluster" -> parts.length == 1 && NAME.matcher(parts[0]).matches()
          ? Optional.of(new Cluster(region, account, parts[0])) : Optional.empty();
      case "task-definition" -> parseTaskDefinition(region, account, path);
      case "container-instance" -> twoOrOne(parts).map(p -> new ContainerInstance(region, account, p.cluster(), p.id()));
      case "task" -> twoOrOne(parts).map(p -> new Task(region, account, p.cluster(), p.id()));
      case "service" -> parts.length == 2 && NAME.matcher(parts[0]).matches() && NAME.matcher(parts[1]).matches()
          ? Optional.of(new Service(region, account, parts[0], parts[1])) : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static Optional<EcsArn> parseTaskDefinition(String region, String account, String path) {
    Matcher fr = FAMILY_REVISION.matcher(path);
    if (!fr.matches()) {
      return Optional.empty();
    }
    long revision = Long.parseLong(fr.group(2));
    return revision > Integer.MAX_VALUE ? Optional.empty()
        : Optional.of(new TaskDefinition(region, account, fr.group(1), (int) revision));
  }

  private static Optional<ClusterAndId> twoOrOne(String[] parts) {
    if (parts.length == 1 && !parts[0].isEmpty()) {
      return Optional.of(new ClusterAndId(Optional.empty(), parts[0]));
    }
    if (parts.length == 2 && NAME.matcher(parts[0]).matches() && !parts[1].isEmpty()) {
      return Optional.of(new ClusterAndId(Optional.of(parts[0]), parts[1]));
    }
    return Optional.empty();
  }
}

/** An ARN path of the form {@code cluster/id} or the old {@code id}. */
record ClusterAndId(Optional<String> cluster, String id) {}
