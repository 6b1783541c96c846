package dev.gantry.model.arn;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;

/**
 * How a user names a task definition: {@code family} (its latest ACTIVE revision),
 * {@code family:revision}, or a full ARN.
 */
public record TaskDefinitionRef(String family, OptionalInt revision) {

  /** The reference, or empty when {@code text} is none of the three accepted forms. */
  public static Optional<TaskDefinitionRef> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.startsWith("arn:")) {
      return EcsArn.parse(text)
          .filter(EcsArn.TaskDefinition.class::isInstance)
          .map(EcsArn.TaskDefinition.class::cast)
          .map(a -> new TaskDefinitionRef(a.family(), OptionalInt.of(a.revision())));
    }
    Matcher fr = EcsArn.FAMILY_REVISION.matcher(text);
    if (fr.matches()) {
      long revision = Long.parseLong(fr.group(2));
      return revision > Integer.MAX_VALUE ? Optional.empty()
          : Optional.of(new TaskDefinitionRef(fr.group(1), OptionalInt.of((int) revision)));
    }
    return EcsArn.NAME.matcher(text).matches()
        ? Optional.of(new TaskDefinitionRef(text, OptionalInt.empty())) : Optional.empty();
  }
}
