package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.RegisterContainerInstanceRequest;
import dev.gantry.model.RegisterContainerInstanceResponse;
import dev.gantry.model.Resource;
import dev.gantry.model.Tag;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * RegisterContainerInstance: an agent announces its host. Which record it lands on, in order:
 * the agent credential's own instance (agents may register only that one, in their own
 * cluster); else the instance named by {@code containerInstanceArn}; else the live instance
 * of the cluster with the same host {@code instanceId} (found through {@link InstanceHostIndex},
 * whose entry the same transaction writes); else a new instance with a random id.
 * Registering again (an agent restart) updates that record in place and bumps its version.
 *
 * <p>The transaction also rewrites the cluster record unchanged: that moves its mod-revision,
 * so a DeleteCluster that checked for instances before this commit fails its compare and
 * looks again, and two first registrations of the same host cannot both create a record.
 */
final class ContainerInstanceRegistration {
  private final StateStore store;
  private final ArnFormat arns;
  private final RandomGenerator random;
  // Every registration rewrites the cluster record, so agents registering at once (a fleet
  // starting) would spend their retry budget on each other; in this server they queue instead.
  private final ClusterLocks locks = new ClusterLocks();

  ContainerInstanceRegistration(StateStore store, ArnFormat arns, RandomGenerator random) {
    this.store = store;
    this.arns = arns;
    this.random = random;
  }

  /** What the request asks for, validated once before any store access. */
  private record Registration(String clusterName, Optional<InstanceIdentityDocument> identity,
      List<Resource> resources, List<Attribute> attributes, List<Tag> tags, RegisterContainerInstanceRequest request) {}

  RegisterContainerInstanceResponse register(RegisterContainerInstanceRequest request, CallContext context) {
    String clusterName = Clusters.name("cluster", request.cluster());
    if (context.principal() instanceof Principal.Agent agent && !agent.clusterName().equals(clusterName)) {
      throw denied("these agent credentials belong to cluster '" + agent.clusterName() + "', not '" + clusterName + "'");
    }
    Optional<InstanceIdentityDocument> identity = InstanceIdentityDocument.parse(request.instanceIdentityDocument());
    List<Resource> resources = RegisteredResources.normalize(request.totalResources(), request.platformDevices());
    List<Attribute> attributes = withIdentityAttributes(AttributeRules.registered(request.attributes()), identity);
    List<Tag> tags = TagRules.check(request.tags());
    Registration r = new Registration(clusterName, identity, resources, attributes, tags, request);
    ContainerInstance result = locks.withLock(clusterName, () -> ConflictRetry.run(store,
        "register a container instance in cluster " + clusterName, () -> attempt(r, context)));
    return RegisterContainerInstanceResponse.builder().containerInstance(result).build();
  }

  private ConflictRetry.Plan<ContainerInstance> attempt(Registration r, CallContext context) {
    Records.Versioned<Cluster> cluster = Clusters.requireActive(store, r.clusterName(), name -> EcsException
        .clientError("The cluster '" + name + "' is INACTIVE (deleted): create it again with CreateCluster, or "
            + "register the instance in an ACTIVE cluster."));
    Target target = target(r, context.principal());
    ContainerInstance next = target.existing()
        .map(e -> reregistered(e.value(), r))
        .orElseGet(() -> fresh(target.id(), r, context));
    Compare instanceGuard = target.existing().map(e -> Compare.unchanged(e.kv()))
        .orElse(Compare.absent(Keys.instance(r.clusterName(), target.id())));
    List<Compare> guards = new ArrayList<>(List.of(Compare.unchanged(cluster.kv()), instanceGuard));
    guards.addAll(target.hostLookup().guards());
    // by key: a backfill may already write the entry this registration rewrites, and a key goes once in a txn
    Map<String, Op> writes = new LinkedHashMap<>();
    writes.put(cluster.kv().key(), Op.put(cluster.kv().key(), cluster.kv().value()));
    writes.put(Keys.instance(r.clusterName(), target.id()), Op.put(Keys.instance(r.clusterName(), target.id()),
        JsonCodec.encode(next)));
    target.hostLookup().writes().forEach(op -> writes.put(key(op), op));
    String before = target.existing().map(e -> e.value().ec2InstanceId()).orElse(null);
    if (before != null && !before.equals(next.ec2InstanceId())) {
      // the instance now runs on another host (re-registered by ARN): its old host's entry goes
      if (writes.remove(Keys.instanceHost(r.clusterName(), before)) == null) {
        InstanceHostIndex.removal(store, r.clusterName(), before, target.id()).ifPresent(removal -> {
          guards.add(removal.guard());
          writes.put(key(removal.delete()), removal.delete());
        });
      }
    }
    if (next.ec2InstanceId() != null) {
      Op entry = InstanceHostIndex.put(r.clusterName(), next.ec2InstanceId(), target.id());
      writes.put(key(entry), entry);
    }
    return ConflictRetry.Plan.write(new Txn(guards, List.copyOf(writes.values())), next);
  }

  private static String key(Op op) {
    return switch (op) {
      case Op.Put p -> p.key();
      case Op.Delete d -> d.key();
    };
  }

  /** No host to look up: a registration without an identity document. */
  private static final InstanceHostIndex.Lookup NO_HOST =
      new InstanceHostIndex.Lookup(Optional.empty(), List.of(), List.of());

  /**
   * The record to write: an existing live instance to update, or the id of a new one; and what
   * finding the host's registration needs the transaction to carry.
   */
  private record Target(String id, Optional<Records.Versioned<ContainerInstance>> existing,
      InstanceHostIndex.Lookup hostLookup) {}

  private Target target(Registration r, Principal principal) {
    String cluster = r.clusterName();
    String arn = r.request().containerInstanceArn();
    Optional<String> arnId = arn == null || arn.isEmpty() ? Optional.empty() : Optional.of(
        ContainerInstances.id(cluster, arn).orElseThrow(() -> EcsException.invalidParameter("containerInstanceArn '"
            + arn + "' is not the ARN of a container instance of cluster '" + cluster + "'.")));
    InstanceHostIndex.Lookup host = r.identity()
        .map(doc -> InstanceHostIndex.find(store, cluster, doc.instanceId()))
        .orElse(NO_HOST);
    Optional<Records.Versioned<ContainerInstance>> sameHost = host.live();
    if (principal instanceof Principal.Agent agent) {
      String own = agent.containerInstanceId();
      if (own == null || own.isEmpty()) {
        throw denied("these agent credentials are not bound to a container instance");
      }
      if (arnId.isPresent() && !arnId.get().equals(own)) {
        throw denied("these agent credentials may register only container instance '" + own + "', not '" + arn + "'");
      }
      if (sameHost.isPresent() && !ContainerInstances.id(sameHost.get().value()).equals(own)) {
        throw denied("host '" + r.identity().get().instanceId() + "' is already registered as container instance '"
            + sameHost.get().value().containerInstanceArn() + "', which these credentials do not own");
      }
      return new Target(own, live(cluster, own, "agent credentials' container instance"), host);
    }
    if (arnId.isPresent()) {
      Optional<Records.Versioned<ContainerInstance>> named = live(cluster, arnId.get(), "containerInstanceArn");
      if (named.isEmpty()) {
        throw EcsException.invalidParameter("containerInstanceArn '" + arn + "' was not found in cluster '" + cluster
            + "': omit it to register a new container instance.");
      }
      return new Target(arnId.get(), named, host);
    }
    if (sameHost.isPresent()) {
      return new Target(ContainerInstances.id(sameHost.get().value()), sameHost, host);
    }
    return new Target(newId(), Optional.empty(), host);
  }

  /** The record at this id unless it was deregistered: deregistration is final, as in ECS. */
  private Optional<Records.Versioned<ContainerInstance>> live(String cluster, String id, String what) {
    Optional<Records.Versioned<ContainerInstance>> found = ContainerInstances.get(store, cluster, id);
    if (found.isPresent() && ContainerInstances.isDeregistered(found.get().value())) {
      throw EcsException.clientError("The " + what + " '" + found.get().value().containerInstanceArn() + "' was "
          + "deregistered (INACTIVE) and cannot register again: register as a new container instance.");
    }
    return found;
  }

  private ContainerInstance fresh(String id, Registration r, CallContext context) {
    return ContainerInstance.builder()
        .containerInstanceArn(arns.containerInstance(r.clusterName(), id))
        .ec2InstanceId(r.identity().map(InstanceIdentityDocument::instanceId).orElse(null))
        .version(1L)
        .versionInfo(r.request().versionInfo())
        .registeredResources(r.resources())
        .remainingResources(r.resources())
        .status(ContainerInstances.ACTIVE)
        .agentConnected(true)
        .runningTasksCount(0)
        .pendingTasksCount(0)
        .attributes(r.attributes())
        .registeredAt(context.now())
        .attachments(List.of())
        .tags(r.tags())
        .build();
  }

  private static ContainerInstance reregistered(ContainerInstance current, Registration r) {
    return current.toBuilder()
        .ec2InstanceId(r.identity().map(InstanceIdentityDocument::instanceId).orElse(current.ec2InstanceId()))
        .version((current.version() == null ? 0 : current.version()) + 1)
        .versionInfo(r.request().versionInfo() != null ? r.request().versionInfo() : current.versionInfo())
        .registeredResources(r.resources())
        .remainingResources(RegisteredResources.remaining(r.resources(), current.registeredResources(),
            current.remainingResources()))
        // An operator's DRAINING survives an agent restart.
        .status(ContainerInstances.DRAINING.equals(current.status()) ? current.status() : ContainerInstances.ACTIVE)
        .agentConnected(true)
        .attributes(AttributeRules.reregistered(current.attributes(), r.attributes()))
        .tags(TagRules.merged(current.tags(), r.tags()))
        .build();
  }

  /** ECS sets these from the identity document itself; they win over what the agent sends. */
  private static List<Attribute> withIdentityAttributes(List<Attribute> sent,
      Optional<InstanceIdentityDocument> identity) {
    if (identity.isEmpty()) {
      return sent;
    }
    List<Attribute> derived = new ArrayList<>();
    identity.get().availabilityZone().ifPresent(v -> derived.add(attribute("ecs.availability-zone", v)));
    identity.get().instanceType().ifPresent(v -> derived.add(attribute("ecs.instance-type", v)));
    identity.get().imageId().ifPresent(v -> derived.add(attribute("ecs.ami-id", v)));
    derived.forEach(a -> AttributeRules.check(InstanceIdentityDocument.MEMBER, a));
    List<Attribute> out = new ArrayList<>(sent);
    out.removeIf(a -> derived.stream().anyMatch(d -> d.name().equals(a.name())));
    out.addAll(derived);
    return out;
  }

  private static Attribute attribute(String name, String value) {
    return Attribute.builder().name(name).value(value).build();
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static EcsException denied(String why) {
    return new EcsException(ErrorType.AccessDeniedException, "RegisterContainerInstance is not allowed: " + why + ".");
  }
}
