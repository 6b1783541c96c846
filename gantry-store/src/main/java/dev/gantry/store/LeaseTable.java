package dev.gantry.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deadlines of the granted leases, kept in memory so that a keep-alive costs no disk write.
 *
 * <p>A lease that the writer has decided to end (revoked, or found expired) is first marked
 * {@code ending}; the mark is one atomic step on the map entry, so a keep-alive racing with the
 * expiry sweep either renews the lease before the mark (and the sweep skips it) or fails. The
 * entry is removed once the deletion of the lease's keys has committed, and unmarked if that
 * commit failed.
 */
final class LeaseTable {
  private record Lease(Duration ttl, Instant deadline, boolean ending) {}

  private final ConcurrentHashMap<Long, Lease> leases = new ConcurrentHashMap<>();

  void add(long id, Duration ttl, Instant now) {
    leases.put(id, new Lease(ttl, now.plus(ttl), false));
  }

  /** Renews a live lease for its full TTL; false when unknown, ending, or past its deadline. */
  boolean keepAlive(long id, Instant now) {
    boolean[] renewed = {false};
    leases.computeIfPresent(id, (k, l) -> {
      if (l.ending() || !now.isBefore(l.deadline())) {
        return l;
      }
      renewed[0] = true;
      return new Lease(l.ttl(), now.plus(l.ttl()), false);
    });
    return renewed[0];
  }

  /** Whether a put may still attach keys to this lease. */
  boolean usable(long id) {
    Lease l = leases.get(id);
    return l != null && !l.ending();
  }

  /** Marks a lease ending; false when it is unknown or already ending. */
  boolean beginEnd(long id) {
    boolean[] marked = {false};
    leases.computeIfPresent(id, (k, l) -> {
      if (l.ending()) {
        return l;
      }
      marked[0] = true;
      return new Lease(l.ttl(), l.deadline(), true);
    });
    return marked[0];
  }

  /** Marks every lease whose deadline has passed as ending and returns their ids. */
  List<Long> beginExpired(Instant now) {
    List<Long> expired = new ArrayList<>();
    for (var e : leases.entrySet()) {
      Lease l = e.getValue();
      if (!l.ending() && !now.isBefore(l.deadline()) && leases.replace(e.getKey(), l, new Lease(l.ttl(), l.deadline(), true))) {
        expired.add(e.getKey());
      }
    }
    return expired;
  }

  void finishEnd(long id) {
    leases.remove(id);
  }

  void undoEnd(long id) {
    leases.computeIfPresent(id, (k, l) -> new Lease(l.ttl(), l.deadline(), false));
  }
}
