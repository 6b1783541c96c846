package dev.gantry.store;

/**
 * One stored key as of some revision. {@code version} counts puts since creation;
 * {@code lease} is 0 when the key is not attached to a lease.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version, long lease) {}
