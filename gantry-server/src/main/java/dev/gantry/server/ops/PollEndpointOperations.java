package dev.gantry.server.ops;

import dev.gantry.model.DiscoverPollEndpointRequest;
import dev.gantry.model.DiscoverPollEndpointResponse;
import dev.gantry.model.arn.ClusterRef;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
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

  DiscoverPollEndpointResponse discoverPollEndpoint(DiscoverPollEndpointRequest request, CallContext context) {
    Optional<String> named = given(request.cluster()).map(c -> Clusters.name("cluster", c));
    Optional<ContainerInstances.Ref> instance = given(request.containerInstance())
        .map(text -> ContainerInstances.ref(text).orElseThrow(() -> badInstance(text)));
    Optional<String> fromArn = instance.flatMap(ContainerInstances.Ref::clusterName);
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

  private static EcsException badInstance(String containerInstance) {
    return EcsException.invalidParameter("containerInstance '" + containerInstance + "' is neither a container "
        + "instance id nor a container instance ARN "
        + "(arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>).");
  }

  private static void checkOwnInstance(Principal.Agent agent, Optional<String> cluster,
      Optional<ContainerInstances.Ref> instance) {
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
    if (Clusters.findActive(store, name).isEmpty()) {
      throw EcsException.clientError("Cluster not found: cluster '" + name + "' does not exist; create it "
          + "with CreateCluster or name an existing cluster.");
    }
  }

  private void requireInstance(String cluster, ContainerInstances.Ref instance, String given) {
    if (ContainerInstances.get(store, cluster, instance.id()).isEmpty()) {
      throw EcsException.clientError("containerInstance '" + given + "' is not registered in cluster "
          + cluster + "; register it first with RegisterContainerInstance.");
    }
  }
}
