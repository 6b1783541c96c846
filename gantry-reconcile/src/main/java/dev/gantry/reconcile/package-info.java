/**
 * The pure service reconciler of design section 3: given what the server stores for a service,
 * its tasks, the cluster and when each agent was last heard from, {@link
 * dev.gantry.reconcile.ServiceReconciler} returns a {@link dev.gantry.reconcile.Plan} (tasks to
 * start and stop, deployment and event updates, the scheduler's own state, when to look again).
 * No I/O, no threads, no clock or randomness of its own: time and randomness come in.
 */
package dev.gantry.reconcile;
