package dev.gantry.server.ops;

import dev.gantry.model.ContainerInstance;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which live container instance of a cluster a host (its EC2 instance id, from the identity
 * document) is registered as, in constant time: RegisterContainerInstance asks on every call,
 * and reading the cluster's instances for it made filling a cluster quadratic.
 *
 * <p>Goal and constraints: one entry per host at {@link Keys#instanceHost}, holding the
 * container instance id, written in the same transaction as the instance record and removed when
 * the instance is deregistered. An entry is only a pointer: a lookup reads the instance it names
 * and ignores the entry unless that instance is live and still carries the host's id, so an entry
 * left stale by a race (a deregistration beside a backfill) is useless, never wrong.
 *
 * <p>Migration: stores written before the index have instances without entries. The first
 * registration in a cluster that lacks the marker {@link Keys#instanceHostsIndexed} reads the
 * cluster's instances once, as before, and its transaction writes the entries of every live
 * instance plus the marker, guarded by the marker's absence. Every registration also rewrites
 * the cluster record under a compare (see {@link ContainerInstanceRegistration}), so no other
 * registration can add an instance between that read and that write.
 */
final class InstanceHostIndex {
  /** The value of an entry. */
  record Entry(String containerInstanceId) {}

  /** The value of the marker: which layout of the entries it vouches for. */
  record Marker(int version) {}

  /**
   * What a lookup found: the live instance the host is registered as, if any, and the compares
   * and writes the registration's transaction must carry for the answer to hold at commit.
   */
  record Lookup(Optional<Records.Versioned<ContainerInstance>> live, List<Compare> guards, List<Op> writes) {
    Lookup {
      guards = List.copyOf(guards);
      writes = List.copyOf(writes);
    }
  }

  private InstanceHostIndex() {}

  /** The live instance of {@code cluster} registered for host {@code ec2InstanceId}, if any. */
  static Lookup find(StateStore store, String cluster, String ec2InstanceId) {
    String markerKey = Keys.instanceHostsIndexed(cluster);
    if (store.get(markerKey).isEmpty()) {
      return backfill(store, cluster, ec2InstanceId, markerKey);
    }
    String key = Keys.instanceHost(cluster, ec2InstanceId);
    Optional<KeyValue> entry = store.get(key);
    Compare guard = entry.map(Compare::unchanged).orElse(Compare.absent(key));
    Optional<Records.Versioned<ContainerInstance>> live = entry
        .map(kv -> JsonCodec.decode(kv.value(), Entry.class).containerInstanceId())
        .flatMap(id -> ContainerInstances.get(store, cluster, id))
        .filter(v -> isLiveOn(v.value(), ec2InstanceId));
    return new Lookup(live, List.of(guard), List.of());
  }

  /** The old way, once per cluster: every instance read, and the entries and the marker to write. */
  private static Lookup backfill(StateStore store, String cluster, String ec2InstanceId, String markerKey) {
    List<Op> writes = new ArrayList<>();
    Set<String> indexed = new HashSet<>();
    Optional<Records.Versioned<ContainerInstance>> live = Optional.empty();
    // key order, first one wins: the instance the scan has always answered with
    for (Records.Versioned<ContainerInstance> v : ContainerInstances.all(store, cluster)) {
      String host = v.value().ec2InstanceId();
      if (host == null || ContainerInstances.isDeregistered(v.value()) || !indexed.add(host)) {
        continue;
      }
      writes.add(put(cluster, host, ContainerInstances.id(v.value())));
      if (host.equals(ec2InstanceId)) {
        live = Optional.of(v);
      }
    }
    writes.add(Op.put(markerKey, JsonCodec.encode(new Marker(1))));
    return new Lookup(live, List.of(Compare.absent(markerKey)), writes);
  }

  /** The write that points host {@code ec2InstanceId} of {@code cluster} at container instance {@code id}. */
  static Op put(String cluster, String ec2InstanceId, String id) {
    return Op.put(Keys.instanceHost(cluster, ec2InstanceId), JsonCodec.encode(new Entry(id)));
  }

  /**
   * The compare and delete that drop host {@code ec2InstanceId}'s entry if it still points at
   * container instance {@code id}; none when it points elsewhere or is missing.
   */
  static Optional<Removal> removal(StateStore store, String cluster, String ec2InstanceId, String id) {
    return store.get(Keys.instanceHost(cluster, ec2InstanceId))
        .filter(kv -> id.equals(JsonCodec.decode(kv.value(), Entry.class).containerInstanceId()))
        .map(kv -> new Removal(Compare.unchanged(kv), Op.delete(kv.key())));
  }

  /** A guarded delete of one entry. */
  record Removal(Compare guard, Op delete) {}

  private static boolean isLiveOn(ContainerInstance instance, String ec2InstanceId) {
    return !ContainerInstances.isDeregistered(instance) && ec2InstanceId.equals(instance.ec2InstanceId());
  }
}
