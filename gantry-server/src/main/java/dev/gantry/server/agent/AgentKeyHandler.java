package dev.gantry.server.agent;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.store.Compare;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code POST /v1/agent-keys} (root only): mints a key pair that may call only the agent
 * operations, for one container instance of one ACTIVE cluster. Without a
 * {@code containerInstanceId} a fresh 32-hex id is chosen, which the agent then registers as.
 * The pair is stored at {@code Keys.credential(accessKeyId)}; the secret is returned once.
 */
final class AgentKeyHandler {
  static final String PATH = "/v1/agent-keys";
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_ALPHABET = KEY_ALPHABET + "abcdefghijklmnopqrstuvwxyz";
  private static final int ATTEMPTS = 8;

  record CreateAgentKeyRequest(String cluster, String containerInstanceId) {}

  record CreateAgentKeyResponse(String accessKeyId, String secretAccessKey, String cluster,
      String containerInstanceId) {
    @Override
    public String toString() {
      return "CreateAgentKeyResponse[accessKeyId=" + accessKeyId + ", cluster=" + cluster
          + ", containerInstanceId=" + containerInstanceId + "]";
    }
  }

  private final StateStore store;
  private final AgentKeyStore keys;
  private final RandomGenerator random;

  AgentKeyHandler(StateStore store, AgentKeyStore keys, RandomGenerator random) {
    this.store = store;
    this.keys = keys;
    this.random = random;
  }

  SignedRoute<CreateAgentKeyRequest, CreateAgentKeyResponse> route() {
    return SignedRoute.user(PATH, CreateAgentKeyRequest.class, this::create);
  }

  CreateAgentKeyResponse create(CreateAgentKeyRequest request, CallContext context) {
    String cluster = clusterName(request.cluster());
    requireActiveCluster(cluster);
    String instanceId = request.containerInstanceId() == null || request.containerInstanceId().isEmpty()
        ? hex(16) : instanceId(cluster, request.containerInstanceId());
    refuseDeregistered(cluster, instanceId);
    for (int i = 0; i < ATTEMPTS; i++) {
      StoredAgentKey key = new StoredAgentKey("AGNT" + text(KEY_ALPHABET, 16), text(SECRET_ALPHABET, 40), cluster,
          instanceId, context.now());
      String storeKey = Keys.credential(key.accessKeyId());
      Txn txn = new Txn(List.of(Compare.absent(storeKey)), List.of(Op.put(storeKey, JsonCodec.encode(key))));
      if (store.txn(txn).succeeded()) {
        keys.forget(key.accessKeyId());
        return new CreateAgentKeyResponse(key.accessKeyId(), key.secretAccessKey(), cluster, instanceId);
      }
    }
    throw new EcsException(ErrorType.ServerException, "Could not choose an unused access key id; retry the request.");
  }

  private static String clusterName(String cluster) {
    if (cluster == null || cluster.isEmpty()) {
      throw EcsException.invalidParameter("cluster is required: name the cluster the agent key is for.");
    }
    if (cluster.startsWith("arn:")) {
      return EcsArn.parse(cluster).filter(EcsArn.Cluster.class::isInstance)
          .map(a -> ((EcsArn.Cluster) a).clusterName())
          .orElseThrow(() -> EcsException.invalidParameter("cluster '" + cluster + "' is not a cluster ARN."));
    }
    if (!EcsArn.NAME.matcher(cluster).matches()) {
      throw EcsException.invalidParameter("cluster '" + cluster + "' is not a valid cluster name: use 1-255 letters, "
          + "numbers, hyphens and underscores.");
    }
    return cluster;
  }

  private void requireActiveCluster(String name) {
    Cluster found = store.get(Keys.cluster(name)).map(kv -> JsonCodec.decode(kv.value(), Cluster.class))
        .orElseThrow(() -> EcsException.clusterNotFound(name));
    if (!"ACTIVE".equals(found.status())) {
      throw EcsException.invalidParameter("The cluster '" + name + "' is INACTIVE (deleted): create it again with "
          + "CreateCluster before minting agent keys for it.");
    }
  }

  /** A bare id, or a container instance ARN of this cluster. */
  private static String instanceId(String cluster, String text) {
    Optional<String> id = text.startsWith("arn:")
        ? EcsArn.parse(text).filter(EcsArn.ContainerInstance.class::isInstance)
            .map(EcsArn.ContainerInstance.class::cast)
            .filter(a -> a.clusterName().map(cluster::equals).orElse(true))
            .map(EcsArn.ContainerInstance::id)
        : Optional.of(text);
    return id.filter(s -> EcsArn.NAME.matcher(s).matches()).orElseThrow(() -> EcsException.invalidParameter(
        "containerInstanceId '" + text + "' is not valid: give 1-255 letters, numbers, hyphens and underscores "
            + "(or a container instance ARN of cluster '" + cluster + "'), or omit it to have one chosen."));
  }

  private void refuseDeregistered(String cluster, String id) {
    store.get(Keys.instance(cluster, id)).map(kv -> JsonCodec.decode(kv.value(), ContainerInstance.class))
        .filter(ci -> "INACTIVE".equals(ci.status()))
        .ifPresent(ci -> {
          throw EcsException.clientError("The container instance '" + ci.containerInstanceArn() + "' was "
              + "deregistered (INACTIVE) and cannot register again: mint a key for a new container instance.");
        });
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private String text(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
