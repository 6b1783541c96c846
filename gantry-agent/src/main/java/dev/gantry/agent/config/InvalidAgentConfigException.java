package dev.gantry.agent.config;

import java.util.List;
import java.util.stream.Collectors;

/** The environment has unknown or malformed agent variables: the agent refuses to start and says which. */
public final class InvalidAgentConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  InvalidAgentConfigException(List<ConfigProblem> problems) {
    super("The agent cannot start with this configuration:" + problems.stream()
        .map(p -> "\n  - " + p).collect(Collectors.joining()));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
