package dev.gantry.agent.docker.create;

import java.util.List;

/** A container's create config, or why the container can't be created as its task asks. */
public sealed interface CreateConfigResult {

  record Built(ContainerCreateConfig config) implements CreateConfigResult {
  }

  /**
   * Every reason found, each naming the container, the field, its value and what would work;
   * the task engine reports them as the container's {@code reason} and stops the task.
   */
  record Refused(List<String> reasons) implements CreateConfigResult {
    public Refused {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a refusal needs a reason");
      }
    }

    /** All reasons in one line, for a container's {@code reason}. */
    public String reason() {
      return String.join("; ", reasons);
    }
  }
}
