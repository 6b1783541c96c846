package dev.gantry.agent.docker.create;

/**
 * Docker labels the agent puts on every task container, under the same names the Amazon ECS
 * agent uses, so a restarted agent can find and adopt its running containers. The container
 * instance label keeps several agents that share one dockerd out of each other's containers.
 */
public final class ContainerLabels {
  public static final String TASK_ARN = "com.amazonaws.ecs.task-arn";
  public static final String CONTAINER_NAME = "com.amazonaws.ecs.container-name";
  public static final String TASK_DEFINITION_FAMILY = "com.amazonaws.ecs.task-definition-family";
  public static final String TASK_DEFINITION_VERSION = "com.amazonaws.ecs.task-definition-version";
  public static final String CLUSTER = "com.amazonaws.ecs.cluster";
  public static final String CONTAINER_INSTANCE_ARN = "dev.gantry.container-instance-arn";
  /** The container's task metadata endpoint id, so a restarted agent serves it the same URI. */
  public static final String METADATA_ENDPOINT_ID = "dev.gantry.metadata-endpoint-id";

  private ContainerLabels() {}
}
