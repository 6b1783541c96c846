package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.Tag;
import dev.gantry.model.Task;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A resource that a tagging call names by ARN: where it is stored, which cluster must exist for
 * it (the cluster itself, or the one it belongs to), and how to read and replace the {@code tags} member of its
 * stored record without touching any other member.
 */
record TaggableResource(String arn, String noun, String key, Optional<String> clusterName, Access<?> access) {

  /** Reads and replaces the tags of one stored record type. */
  record Access<T>(Class<T> type, Function<T, List<Tag>> tags, BiFunction<T, List<Tag>, T> withTags) {
    List<Tag> read(byte[] stored) {
      List<Tag> t = tags.apply(JsonCodec.decode(stored, type));
      return t == null ? List.of() : List.copyOf(t);
    }

    byte[] write(byte[] stored, List<Tag> newTags) {
      return JsonCodec.encode(withTags.apply(JsonCodec.decode(stored, type), List.copyOf(newTags)));
    }
  }

  static final Access<Cluster> CLUSTER = new Access<>(Cluster.class, Cluster::tags,
      (c, t) -> c.toBuilder().tags(t).build());
  static final Access<ContainerInstance> CONTAINER_INSTANCE = new Access<>(ContainerInstance.class,
      ContainerInstance::tags, (c, t) -> c.toBuilder().tags(t).build());
  static final Access<StoredTaskDefinition> TASK_DEFINITION = new Access<>(StoredTaskDefinition.class,
      StoredTaskDefinition::tags, (d, t) -> new StoredTaskDefinition(d.taskDefinition(), t));
  static final Access<Task> TASK = new Access<>(Task.class, Task::tags, (x, t) -> x.toBuilder().tags(t).build());
  static final Access<StoredService> SERVICE = new Access<>(StoredService.class, s -> s.service().tags(),
      (s, t) -> s.with(s.service().toBuilder().tags(t).build()));

  private static final Pattern SHORT_SERVICE_ARN =
      Pattern.compile("arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]*:\\d{12}:service/[A-Za-z0-9_-]{1,255}");
  private static final String EXPECTED = "an ECS ARN of the form arn:aws:ecs:<region>:<account>:<type>/<id>, "
      + "where the resource is cluster/<name>, container-instance/<cluster>/<id>, task-definition/<family>:<revision>, "
      + "task/<cluster>/<id> or service/<cluster>/<name>";

  /**
   * The resource {@code resourceArn} names. Region and account are not compared with the
   * server's, as everywhere else in Gantry: a client configured for another region still gets
   * the ARNs this server handed out.
   */
  static TaggableResource of(String resourceArn) {
    if (resourceArn == null || resourceArn.isEmpty()) {
      throw EcsException.invalidParameter("resourceArn is required: give " + EXPECTED + ".");
    }
    EcsArn parsed = EcsArn.parse(resourceArn).orElseThrow(() -> malformed(resourceArn));
    return switch (parsed) {
      case EcsArn.Cluster c -> new TaggableResource(resourceArn, "cluster " + c.clusterName(),
          Keys.cluster(c.clusterName()), Optional.of(c.clusterName()), CLUSTER);
      case EcsArn.ContainerInstance ci -> {
        String cluster = ci.clusterName()
            .orElseThrow(() -> shortForm(resourceArn, "container-instance", "<cluster>/<id>"));
        yield new TaggableResource(resourceArn, "container instance " + ci.id() + " in cluster " + cluster,
            Keys.instance(cluster, ci.id()), Optional.of(cluster), CONTAINER_INSTANCE);
      }
      case EcsArn.TaskDefinition td -> new TaggableResource(resourceArn,
          "task definition " + td.family() + ":" + td.revision(), Keys.taskDefinition(td.family(), td.revision()),
          Optional.empty(), TASK_DEFINITION);
      case EcsArn.Task t -> {
        String cluster = t.clusterName().orElseThrow(() -> shortForm(resourceArn, "task", "<cluster>/<id>"));
        yield new TaggableResource(resourceArn, "task " + t.id() + " in cluster " + cluster,
            Keys.task(cluster, t.id()), Optional.of(cluster), TASK);
      }
      case EcsArn.Service s -> new TaggableResource(resourceArn,
          "service " + s.serviceName() + " in cluster " + s.clusterName(),
          Keys.service(s.clusterName(), s.serviceName()), Optional.of(s.clusterName()), SERVICE);
    };
  }

  private static EcsException malformed(String resourceArn) {
    if (SHORT_SERVICE_ARN.matcher(resourceArn).matches()) {
      return shortForm(resourceArn, "service", "<cluster>/<name>");
    }
    return EcsException.invalidParameter("resourceArn '" + resourceArn + "' is not a taggable ECS resource: give "
        + EXPECTED + ".");
  }

  /** ECS tags only resources with the long ARN form, the one that carries the cluster name. */
  private static EcsException shortForm(String resourceArn, String type, String path) {
    return EcsException.invalidParameter("resourceArn '" + resourceArn + "' is a short " + type
        + " ARN without the cluster name; only the long form arn:aws:ecs:<region>:<account>:" + type
        + "/" + path + " can be tagged.");
  }
}
