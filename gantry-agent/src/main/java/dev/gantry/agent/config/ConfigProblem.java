package dev.gantry.agent.config;

/**
 * One variable the agent cannot start with: its name, the value it had, and what would be valid.
 * Secret values are never kept here.
 */
public record ConfigProblem(String variable, String value, String valid) {

  @Override
  public String toString() {
    return variable + "=" + (value == null ? "(unset)" : "'" + value + "'") + ": " + valid;
  }
}
