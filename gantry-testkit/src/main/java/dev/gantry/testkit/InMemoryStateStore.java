package dev.gantry.testkit;

import dev.gantry.store.Compare;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Op;
import dev.gantry.store.Range;
import dev.gantry.store.RangeResult;
import dev.gantry.store.StateStore;
import dev.gantry.store.StoreException;
import dev.gantry.store.Txn;
import dev.gantry.store.TxnResult;
import dev.gantry.store.Watch;
import dev.gantry.store.WatchEvent;
import dev.gantry.store.WatchListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A fake of the StateStore port for unit tests of code above the store: same semantics, held
 * in memory under one lock, leases expiring against an injected clock (checked on every call,
 * so a fake clock drives them). Watches are called synchronously, in revision order, on the
 * writing thread. Not for production and not durable.
 */
public final class InMemoryStateStore implements StateStore {
  private final Clock clock;
  private final TreeMap<String, KeyValue> keys = new TreeMap<>();
  private final List<WatchEvent> history = new ArrayList<>();
  private final List<Subscription> watches = new ArrayList<>();
  private final Map<Long, Lease> leases = new HashMap<>();
  private long revision;
  private long nextLease = 1;
  private boolean closed;

  private record Lease(Duration ttl, Instant expiresAt) {}

  private record Subscription(String prefix, WatchListener listener) {}

  public InMemoryStateStore() {
    this(Clock.systemUTC());
  }

  public InMemoryStateStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<KeyValue> get(String key) {
    open();
    return Optional.ofNullable(keys.get(key));
  }

  @Override
  public synchronized RangeResult range(Range range) {
    open();
    NavigableMap<String, KeyValue> view = keys.tailMap(range.prefix(), true);
    if (range.reverse()) {
      view = view.descendingMap();
    }
    List<KeyValue> out = new ArrayList<>();
    boolean more = false;
    for (KeyValue kv : view.values()) {
      if (!kv.key().startsWith(range.prefix())) {
        if (range.reverse()) {
          continue;
        }
        break;
      }
      if (range.after().isPresent()) {
        int c = kv.key().compareTo(range.after().get());
        if (range.reverse() ? c >= 0 : c <= 0) {
          continue;
        }
      }
      if (range.limit() > 0 && out.size() == range.limit()) {
        more = true;
        break;
      }
      out.add(kv);
    }
    return new RangeResult(List.copyOf(out), more, revision);
  }

  @Override
  public synchronized TxnResult txn(Txn txn) {
    open();
    for (Compare c : txn.when()) {
      if (c instanceof Compare.ModRevision m) {
        KeyValue kv = keys.get(m.key());
        long actual = kv == null ? 0 : kv.modRevision();
        if (actual != m.modRevision()) {
          return new TxnResult(false, revision);
        }
      }
    }
    if (txn.then().isEmpty()) {
      return new TxnResult(true, revision);
    }
    for (Op op : txn.then()) {
      if (op instanceof Op.Put p && p.lease() != 0 && !leases.containsKey(p.lease())) {
        throw new StoreException("lease " + p.lease() + " not found");
      }
    }
    revision++;
    for (Op op : txn.then()) {
      switch (op) {
        case Op.Put p -> put(p);
        case Op.Delete d -> delete(d.key());
      }
    }
    markProgress();
    return new TxnResult(true, revision);
  }

  private void put(Op.Put p) {
    KeyValue old = keys.get(p.key());
    KeyValue kv = new KeyValue(p.key(), p.value().clone(), old == null ? revision : old.createRevision(),
        revision, old == null ? 1 : old.version() + 1, p.lease());
    keys.put(p.key(), kv);
    publish(new WatchEvent(WatchEvent.Type.PUT, kv, revision));
  }

  private void delete(String key) {
    KeyValue old = keys.remove(key);
    if (old != null) {
      publish(new WatchEvent(WatchEvent.Type.DELETE,
          new KeyValue(key, new byte[0], old.createRevision(), revision, 0, 0), revision));
    }
  }

  private void publish(WatchEvent event) {
    history.add(event);
    for (Subscription s : List.copyOf(watches)) {
      if (event.kv().key().startsWith(s.prefix())) {
        s.listener().onEvent(event);
      }
    }
  }

  /** Every watch has now been given all of the current revision. */
  private void markProgress() {
    for (Subscription s : List.copyOf(watches)) {
      s.listener().onProgress(revision);
    }
  }

  @Override
  public synchronized Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
    return watch(prefix, afterRevision, new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        listener.accept(event);
      }

      @Override
      public void onProgress(long revision) {}
    });
  }

  @Override
  public synchronized Watch watch(String prefix, long afterRevision, WatchListener listener) {
    open();
    for (WatchEvent e : history) {
      if (e.revision() > afterRevision && e.kv().key().startsWith(prefix)) {
        listener.onEvent(e);
      }
    }
    if (revision > afterRevision) {
      listener.onProgress(revision);
    }
    Subscription s = new Subscription(prefix, listener);
    watches.add(s);
    return () -> {
      synchronized (InMemoryStateStore.this) {
        watches.remove(s);
      }
    };
  }

  @Override
  public synchronized long grantLease(Duration ttl) {
    open();
    long id = nextLease++;
    leases.put(id, new Lease(ttl, clock.instant().plus(ttl)));
    return id;
  }

  @Override
  public synchronized boolean keepAlive(long leaseId) {
    open();
    Lease l = leases.get(leaseId);
    if (l == null) {
      return false;
    }
    leases.put(leaseId, new Lease(l.ttl(), clock.instant().plus(l.ttl())));
    return true;
  }

  @Override
  public synchronized void revokeLease(long leaseId) {
    open();
    expire(leaseId);
  }

  @Override
  public synchronized long revision() {
    open();
    return revision;
  }

  @Override
  public synchronized void close() {
    closed = true;
    watches.clear();
  }

  /** Checks the store is open and lets leases that the clock has passed expire. */
  private void open() {
    if (closed) {
      throw new StoreException("store is closed");
    }
    Instant now = clock.instant();
    for (Long id : List.copyOf(leases.keySet())) {
      if (!leases.get(id).expiresAt().isAfter(now)) {
        expire(id);
      }
    }
  }

  private void expire(long leaseId) {
    if (leases.remove(leaseId) == null) {
      return;
    }
    List<String> attached = keys.values().stream().filter(kv -> kv.lease() == leaseId).map(KeyValue::key).toList();
    if (!attached.isEmpty()) {
      revision++;
      attached.forEach(this::delete);
      markProgress();
    }
  }
}
