package dev.gantry.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerInstance;
import dev.gantry.model.DescribeContainerInstancesRequest;
import dev.gantry.model.DescribeContainerInstancesResponse;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.RegisterTaskDefinitionResponse;
import dev.gantry.model.Resource;
import dev.gantry.model.RunTaskRequest;
import dev.gantry.model.RunTaskResponse;
import dev.gantry.model.Task;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.Principal;
import dev.gantry.store.JsonCodec;
import dev.gantry.store.Keys;
import dev.gantry.store.Op;
import dev.gantry.store.StateStore;
import dev.gantry.store.Txn;
import dev.gantry.testkit.InMemoryStateStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Clusters, container instances, task definitions, tasks and services over one in-memory store, called
 * directly as the protocol layer would. Several fixtures over one store stand for several
 * server replicas (each with its own in-process locks).
 */
final class TaskOpsFixture {
  static final String CLUSTER = "prod";

  final StateStore store;
  /** The time calls arrive at; tests move it forward. */
  java.time.Instant now = ClusterOpsFixture.NOW;
  private final Map<String, Operation<?, ?>> operations = new HashMap<>();

  TaskOpsFixture() {
    this(new InMemoryStateStore(), 7);
  }

  TaskOpsFixture(StateStore store, long seed) {
    this.store = store;
    ClusterOperations.operations(store, ClusterOpsFixture.SETTINGS, new Random(seed))
        .forEach(op -> operations.put(op.name(), op));
    TaskDefinitionOperations.operations(store, ClusterOpsFixture.SETTINGS).forEach(op -> operations.put(op.name(), op));
    TaskOperations.operations(store, ClusterOpsFixture.SETTINGS, new Random(seed + 1))
        .forEach(op -> operations.put(op.name(), op));
    ServiceOperations.operations(store, ClusterOpsFixture.SETTINGS, new Random(seed + 2))
        .forEach(op -> operations.put(op.name(), op));
  }

  <I, O> O call(String name, I request) {
    return callAs(ClusterOpsFixture.ROOT, name, request);
  }

  @SuppressWarnings("unchecked")
  <I, O> O callAs(Principal principal, String name, I request) {
    Operation<I, O> op = (Operation<I, O>) operations.get(name);
    assertThat(op).as("operation " + name).isNotNull();
    return op.handler().handle(request, new CallContext(principal, now, "req-1"));
  }

  void createCluster() {
    call("CreateCluster", dev.gantry.model.CreateClusterRequest.builder().clusterName(CLUSTER).build());
  }

  /** Registers a host with {@code cpu} units, {@code memory} MiB and reserved TCP {@code ports}. */
  ContainerInstance register(String hostId, int cpu, int memory, String... ports) {
    dev.gantry.model.RegisterContainerInstanceResponse r = call("RegisterContainerInstance",
        ClusterOpsFixture.registration(CLUSTER, hostId).totalResources(List.of(ClusterOpsFixture.integer("CPU", cpu),
            ClusterOpsFixture.integer("MEMORY", memory), ClusterOpsFixture.stringSet("PORTS", ports))).build());
    return r.containerInstance();
  }

  /** Registers a host in availability zone {@code zone}, with custom {@code attributes}. */
  ContainerInstance registerIn(String hostId, String zone, int cpu, int memory, dev.gantry.model.Attribute... attributes) {
    dev.gantry.model.RegisterContainerInstanceResponse r = call("RegisterContainerInstance",
        ClusterOpsFixture.registration(CLUSTER, hostId)
            .instanceIdentityDocument("{\"instanceId\":\"" + hostId + "\",\"availabilityZone\":\"" + zone
                + "\",\"instanceType\":\"box.large\",\"region\":\"eu-west-1\"}")
            .attributes(List.of(attributes))
            .totalResources(List.of(ClusterOpsFixture.integer("CPU", cpu), ClusterOpsFixture.integer("MEMORY", memory)))
            .build());
    return r.containerInstance();
  }

  /** A family with one container of {@code cpu} units and {@code memory} MiB, on static host port {@code hostPort} (0: none). */
  String registerFamily(String family, int cpu, int memory, int hostPort) {
    ContainerDefinition.Builder c = ContainerDefinition.builder().name("app").image("gantry-test/busybox:latest")
        .cpu(cpu).memory(memory);
    if (hostPort > 0) {
      c.portMappings(List.of(PortMapping.builder().containerPort(8080).hostPort(hostPort).build()));
    }
    RegisterTaskDefinitionResponse r = call("RegisterTaskDefinition", RegisterTaskDefinitionRequest.builder()
        .family(family).containerDefinitions(List.of(c.build())).build());
    return r.taskDefinition().taskDefinitionArn();
  }

  RunTaskResponse run(String taskDefinition, int count) {
    return call("RunTask", RunTaskRequest.builder().cluster(CLUSTER).taskDefinition(taskDefinition).count(count)
        .build());
  }

  ContainerInstance instance(String arn) {
    DescribeContainerInstancesResponse r = call("DescribeContainerInstances",
        DescribeContainerInstancesRequest.builder().cluster(CLUSTER).containerInstances(List.of(arn)).build());
    return r.containerInstances().getFirst();
  }

  Task stored(String taskArn) {
    return Records.get(store, Keys.task(CLUSTER, taskArn.substring(taskArn.lastIndexOf('/') + 1)), Task.class)
        .orElseThrow().value();
  }

  List<Task> allTasks() {
    return Records.values(store, Keys.tasks(CLUSTER), Task.class);
  }

  /** Writes a record directly, standing in for what another part (the agent channel) stores. */
  void put(String key, Object record) {
    store.txn(new Txn(List.of(), List.of(Op.put(key, JsonCodec.encode(record)))));
  }

  static int integer(List<Resource> resources, String name) {
    return ResourceFit.integer(resources, name);
  }
}
