package dev.gantry.agent;

/**
 * Why a running agent gave up on its own: the server refused this host for good, or registered
 * it as another container instance than the one this process runs as.
 *
 * @param message what happened and what the operator can do, for the log and the exit line
 * @param terminal true when starting the agent again cannot help (the ECS agent's exit status 5,
 *     on which ecs-init does not restart it); false when a restart is the remedy
 */
public record AgentFailure(String message, boolean terminal) {
  /** The ECS agent's exit status for an error that restarting will not fix. */
  public static final int TERMINAL_EXIT_STATUS = 5;
}
