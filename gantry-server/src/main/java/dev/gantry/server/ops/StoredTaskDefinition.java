package dev.gantry.server.ops;

import dev.gantry.model.Tag;
import dev.gantry.model.TaskDefinition;
import java.util.List;

/**
 * A task definition revision as kept at {@code Keys.taskDefinition(family, revision)}: the
 * TaskDefinition exactly as DescribeTaskDefinition returns it, plus its tags (which ECS
 * returns beside it, not inside it).
 */
record StoredTaskDefinition(TaskDefinition taskDefinition, List<Tag> tags) {
  StoredTaskDefinition {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The same revision with a changed definition (a status change), its tags kept. */
  StoredTaskDefinition with(TaskDefinition changed) {
    return new StoredTaskDefinition(changed, tags);
  }
}
