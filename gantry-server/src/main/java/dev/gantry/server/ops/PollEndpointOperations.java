package dev.gantry.server.ops;

import dev.gantry.model.Cluster;
import dev.gantry.model.DiscoverPollEndpointRequest;
import dev.gantry.model.DiscoverPollEndpointResponse;
import dev.gantry.model.arn.ClusterRef;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.KeyValue;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.List;
import java.util.Optional;

/**
 * DiscoverPollEndpoint: tells an agent where to poll. Gantry has one endpoint for everything
 * (the API, the agent channel, telemetry and Service Connect all go to the server the agent
 * already talks to), so the answer is that endpoint three times; what the call does check is
 * that the cluster and container instance it names exist (ClientException otherwise: the
 * operation declares no not-found errors), and that an agent key asks only about its own
 * instance.
 */
final class PollEndpointOperations {
  private final StateStore store;
  private final String endpoint;

  PollEndpointOperations(StateStore store, ServerSettings settings) {
    this.store = store;
    this.endpoint = settings.endpoint();
  }

  List<Operation<?, ?>> operations() {
    return List.of(
        Operation.agent("DiscoverPollEndpoint", DiscoverPollEndpointRequest.class, this::discoverPollEndpoint));
  }

  /** A container instance as the request names it: its id, and the cluster its ARN carries, if any. */
  private record InstanceRef(Optional<String> cluster, String id) {}

  DiscoverPollEndpointResponse discoverPollEndpoint(DiscoverPollEndpointRequest request, CallContext context) {
    Optional<String> named = given(request.cluster()).map(PollEndpointOperations::clusterName);
    Optional<InstanceRef> instance = given(request.containerInstance()).map(PollEndpointOperations::instanceRef);
    Optional<String> fromArn = instance.flatMap(InstanceRef::cluster);
    if (named.isPresent() && fromArn.isPresent() && !named.equals(fromArn)) {
      throw EcsException.invalidParameter("containerInstance '" + request.containerInstance() + "' belongs to cluster "
          + fromArn.get() + ", but cluster names " + named.get() + "; give matching values or omit cluster.");
    }
    // An instance named by bare id lives in the caller's cluster: the agent's own, else "default".
    String implicitCluster = context.principal() instanceof Principal.Agent agent
        ? agent.clusterName() : ClusterRef.DEFAULT;
    Optional<String> cluster = named.or(() -> fromArn).or(() -> instance.map(i -> implicitCluster));
    if (context.principal() instanceof Principal.Agent agent) {
      checkOwnInstance(agent, cluster, instance);
    }
    cluster.ifPresent(this::requireActiveCluster);
    instance.ifPresent(i -> requireInstance(cluster.orElseThrow(), i, request.containerInstance()));
    return DiscoverPollEndpointResponse.builder()
        .endpoint(endpoint)
        .telemetryEndpoint(endpoint)
        .serviceConnectEndpoint(endpoint)
        .build();
  }

  private static Optional<String> given(String member) {
    return member == null || member.isEmpty() ? Optional.empty() : Optional.of(member);
  }

  private static String clusterName(String cluster) {
    return ClusterRef.name(cluster).orElseThrow(() -> EcsException.invalidParameter("cluster '" + cluster
        + "' is neither a cluster name (up to 255 letters, digits, hyphens and underscores) nor a cluster ARN."));
  }

  private static InstanceRef instanceRef(String containerInstance) {
    if (containerInstance.startsWith("arn:")) {
      return EcsArn.parse(containerInstance)
          .filter(EcsArn.ContainerInstance.class::isInstance)
          .map(EcsArn.ContainerInstance.class::cast)
          .map(a -> new InstanceRef(a.clusterName(), a.id()))
          .orElseThrow(() -> badInstance(containerInstance));
    }
    if (!EcsArn.NAME.matcher(containerInstance).matches()) {
      throw badInstance(containerInstance);
    }
    return new InstanceRef(Optional.empty(), containerInstance);
  }

  private static EcsException badInstance(String containerInstance) {
    return EcsException.invalidParameter("containerInstance '" + containerInstance + "' is neither a container "
        + "instance id nor a container instance ARN "
        + "(arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>).");
  }

  private static void checkOwnInstance(Principal.Agent agent, Optional<String> cluster,
      Optional<InstanceRef> instance) {
    boolean otherCluster = cluster.isPresent() && !cluster.get().equals(agent.clusterName());
    boolean otherInstance = instance.isPresent() && !instance.get().id().equals(agent.containerInstanceId());
    if (otherCluster || otherInstance) {
      throw new EcsException(ErrorType.AccessDeniedException, "The agent credentials of container instance "
          + agent.containerInstanceId() + " in cluster " + agent.clusterName()
          + " may ask only about that instance.");
    }
  }

  // DiscoverPollEndpoint declares no ClusterNotFoundException, so a missing resource is a ClientException.
  private void requireActiveCluster(String name) {
    Optional<KeyValue> kv = store.get(Keys.cluster(name));
    if (kv.isEmpty() || "INACTIVE".equals(Records.decode(kv.get(), Cluster.class).status())) {
      throw EcsException.clientError("Cluster not found: cluster '" + name + "' does not exist; create it "
          + "with CreateCluster or name an existing cluster.");
    }
  }

  private void requireInstance(String cluster, InstanceRef instance, String given) {
    if (store.get(Keys.instance(cluster, instance.id())).isEmpty()) {
      throw EcsException.clientError("containerInstance '" + given + "' is not registered in cluster "
          + cluster + "; register it first with RegisterContainerInstance.");
    }
  }
}
