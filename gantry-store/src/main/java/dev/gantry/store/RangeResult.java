package dev.gantry.store;

import java.util.List;

/** Keys read at {@code revision}; {@code more} tells that the limit cut the list short. */
public record RangeResult(List<KeyValue> kvs, boolean more, long revision) {}
