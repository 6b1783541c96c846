package dev.gantry.server.ops;

import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Optimistic read-modify-write against the store, the one retry loop every writing handler
 * uses. Each attempt reads what it needs and returns the transaction that applies its change,
 * guarded by compares on the mod-revisions it read; a failed compare means someone else wrote
 * in between, so the attempt runs again on fresh state. Correct across several server replicas
 * because the store arbitrates, not a lock. After {@link #ATTEMPTS} lost races the call gives
 * up: with a retryable ServerException by default, or however the operation's {@code giveUp}
 * says (ECS's own error text, or a per-item failure in a batch call).
 */
final class ConflictRetry {
  static final int ATTEMPTS = 16;

  private ConflictRetry() {}

  /** What one attempt decided: a write to commit (or none) and the result to return when it commits. */
  record Plan<T>(Optional<Txn> txn, T result) {
    static <T> Plan<T> write(Txn txn, T result) {
      return new Plan<>(Optional.of(txn), result);
    }

    static <T> Plan<T> noWrite(T result) {
      return new Plan<>(Optional.empty(), result);
    }
  }

  /** Runs {@code attempt} until its write commits; gives up with a ServerException naming {@code what}. */
  static <T> T run(StateStore store, String what, Supplier<Plan<T>> attempt) {
    return run(store, attempt, () -> {
      throw new EcsException(ErrorType.ServerException,
          "Too many concurrent changes while trying to " + what + "; retry the request.");
    });
  }

  /**
   * Runs {@code attempt} until its write commits; when every attempt lost its race, returns
   * (or throws) what {@code giveUp} does.
   */
  static <T> T run(StateStore store, Supplier<Plan<T>> attempt, Supplier<T> giveUp) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Plan<T> plan = attempt.get();
      if (plan.txn().isEmpty() || store.txn(plan.txn().get()).succeeded()) {
        return plan.result();
      }
    }
    return giveUp.get();
  }
}
