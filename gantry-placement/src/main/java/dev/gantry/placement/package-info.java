/**
 * The pure placement engine of design section 3: the cluster query language, constraint
 * filters and strategy scorers. No I/O, no threads, no clock or randomness of its own.
 */
package dev.gantry.placement;
