package dev.gantry.placement;

/**
 * Which rule's reason excluded each instance of one placement call, if any. Kept as one byte per
 * instance: the filter pass writes thousands of these per request, and a byte store is cheaper
 * than an object reference store (no GC write barrier) and a fifth of the memory.
 */
final class Exclusions {
  private static final FailureReason[] REASONS = FailureReason.values();
  /** 0 for none, else 1 + the reason's ordinal. */
  private final byte[] reasons;

  Exclusions(int instances) {
    reasons = new byte[instances];
  }

  void exclude(int i, FailureReason reason) {
    reasons[i] = (byte) (1 + reason.ordinal());
  }

  /** The reason instance {@code i} was excluded for; only for an excluded instance. */
  FailureReason reason(int i) {
    return REASONS[reasons[i] - 1];
  }

  int size() {
    return reasons.length;
  }
}
