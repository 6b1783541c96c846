package dev.gantry.reconcile;

/**
 * A service's {@code status}: ACTIVE, DRAINING after DeleteService while its tasks stop (the
 * reconciler scales it to zero), INACTIVE once none is left running.
 */
public enum ServiceStatus {
  ACTIVE,
  DRAINING,
  INACTIVE
}
