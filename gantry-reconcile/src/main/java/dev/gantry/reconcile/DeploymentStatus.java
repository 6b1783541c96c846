package dev.gantry.reconcile;

/**
 * A deployment's {@code status} as DescribeServices shows it: the one PRIMARY deployment is what
 * the service runs toward; ACTIVE ones still have tasks to drain; INACTIVE ones are done.
 */
public enum DeploymentStatus {
  PRIMARY,
  ACTIVE,
  INACTIVE
}
