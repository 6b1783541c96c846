package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.model.Cluster;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.CreateClusterRequest;
import dev.gantry.model.CreateClusterResponse;
import dev.gantry.model.RegisterContainerInstanceRequest;
import dev.gantry.model.RegisterContainerInstanceResponse;
import dev.gantry.model.Resource;
import dev.gantry.model.VersionInfo;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The cluster operations over an in-memory store, called directly as the protocol layer would. */
final class ClusterOpsFixture {
  static final ServerSettings SETTINGS = new ServerSettings("eu-west-1", "123456789012", "http://localhost:7777");
  static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123Z");
  static final Principal ROOT = new Principal.Root("AKIDROOT");
  static final String ARN_PREFIX = "arn:aws:ecs:eu-west-1:123456789012:";

  final StateStore store;
  private final Map<String, Operation<?, ?>> operations = new HashMap<>();

  ClusterOpsFixture() {
    this(new InMemoryStateStore());
  }

  ClusterOpsFixture(StateStore store) {
    this.store = store;
    ClusterOperations.operations(store, SETTINGS, new Random(7)).forEach(op -> operations.put(op.name(), op));
  }

  <I, O> O call(String name, I request) {
    return callAs(ROOT, name, request);
  }

  @SuppressWarnings("unchecked")
  <I, O> O callAs(Principal principal, String name, I request) {
    Operation<I, O> op = (Operation<I, O>) operations.get(name);
    assertThat(op).as("operation " + name).isNotNull();
    assertThat(op.requestType()).isEqualTo(request.getClass());
    return op.handler().handle(request, new CallContext(principal, NOW, "req-1"));
  }

  Operation<?, ?> operation(String name) {
    return operations.get(name);
  }

  Cluster createCluster(String name) {
    CreateClusterResponse r = call("CreateCluster", CreateClusterRequest.builder().clusterName(name).build());
    return r.cluster();
  }

  ContainerInstance register(String cluster, String hostId) {
    RegisterContainerInstanceResponse r = call("RegisterContainerInstance", registration(cluster, hostId).build());
    return r.containerInstance();
  }

  static RegisterContainerInstanceRequest.Builder registration(String cluster, String hostId) {
    return RegisterContainerInstanceRequest.builder()
        .cluster(cluster)
        .instanceIdentityDocument("{\"instanceId\":\"" + hostId + "\",\"availabilityZone\":\"rack-1\","
            + "\"instanceType\":\"box.large\",\"region\":\"eu-west-1\"}")
        .totalResources(List.of(integer("CPU", 2048), integer("MEMORY", 3955)))
        .versionInfo(VersionInfo.builder().agentVersion("0.1.0").dockerVersion("27.0.1").build());
  }

  static Resource integer(String name, int value) {
    return Resource.builder().name(name).type("INTEGER").integerValue(value).build();
  }

  static Resource stringSet(String name, String... values) {
    return Resource.builder().name(name).type("STRINGSET").stringSetValue(List.of(values)).build();
  }

  /** Writes a record directly, standing in for what other operations (tasks, services) store. */
  void put(String key, Object record) {
    store.txn(new Txn(List.of(), List.of(Op.put(key, JsonCodec.encode(record)))));
  }

  static EcsException ecsError(ErrorType type, ThrowingCallable call) {
    EcsException e = catchThrowableOfType(EcsException.class, call);
    assertThat(e).as("expected " + type).isNotNull();
    assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
    return e;
  }
}
