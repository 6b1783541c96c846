package dev.gantry.agent.metadata;

/**
 * A task's or container's status as the ECS agent names it in its metadata endpoint: the
 * agent's own lifecycle steps, not the control plane's task statuses (a task the control plane
 * shows as {@code PENDING} is {@code CREATED} here once its containers exist).
 * {@link #toString()} is the wire value.
 */
public enum AgentStatus {
  NONE,
  MANIFEST_PULLED,
  PULLED,
  CREATED,
  RUNNING,
  RESOURCES_PROVISIONED,
  STOPPED
}
