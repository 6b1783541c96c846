package dev.gantry.store;

/**
 * Outcome of a transaction: whether the compares held, and the store revision after it
 * (the new revision when it wrote, the unchanged current one when it did not).
 */
public record TxnResult(boolean succeeded, long revision) {}
