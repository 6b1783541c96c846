package dev.gantry.testkit;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.placement.ClusterSnapshot;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementResult;
import dev.gantry.placement.TaskDemand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Hollow container instances: {@code n} in-memory instances with the resources and attributes
 * an ECS agent would register, and no Docker behind them, for placement at cluster scale.
 *
 * <p>Deterministic per seed: instance {@code k} is in zone {@code k % 3} and is an {@code m5}
 * for even {@code k}, a {@code c5} for odd {@code k} (so exactly half match
 * {@code attribute:ecs.instance-type =~ m5.*}); the seed picks each instance's size. All are
 * ACTIVE, connected, LINUX, with the agent's reserved ports taken.
 *
 * <p>Mutable and single-threaded: {@link #commit} applies a request's placements as the server
 * would commit them, and {@link #snapshot} reads the cluster as it now is. The cluster keeps its
 * snapshot current ({@link ClusterSnapshot#with}) rather than building one per request, as a
 * server that caches its cluster's snapshot does.
 */
public final class HollowCluster {
  public static final String CLUSTER = "hollow";
  public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  /** The ports an ECS agent reserves on every instance (SSH, Docker, the agent's introspection). */
  public static final Set<Integer> RESERVED_TCP_PORTS = Set.of(22, 2375, 2376, 51678, 51679);

  /** An EC2 instance size as ECS registers it: CPU units and MiB of memory. */
  public record Shape(String size, int cpu, int memory) {}

  /** m5: 4 GiB per vCPU. */
  public static final List<Shape> M5 = List.of(new Shape("xlarge", 4096, 16_384), new Shape("2xlarge", 8192, 32_768),
      new Shape("4xlarge", 16_384, 65_536), new Shape("8xlarge", 32_768, 131_072));
  /** c5: 2 GiB per vCPU. */
  public static final List<Shape> C5 = List.of(new Shape("xlarge", 4096, 8192), new Shape("2xlarge", 8192, 16_384),
      new Shape("4xlarge", 16_384, 32_768), new Shape("9xlarge", 36_864, 73_728));

  private ClusterSnapshot snapshot;

  private HollowCluster(List<InstanceView> instances) {
    this.snapshot = new ClusterSnapshot(instances);
  }

  public static HollowCluster generate(int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("instance count must be >= 0, got " + n);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Instant registered = Instant.parse("2026-01-01T00:00:00Z");
    List<InstanceView> views = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      boolean m5 = k % 2 == 0;
      Shape shape = (m5 ? M5 : C5).get(random.nextInt(M5.size()));
      String id = String.format("i-%017x", seed * 1_000_003L + k & 0xfffffffffffffL);
      Map<String, String> attributes = Map.of(
          "ecs.availability-zone", ZONES.get(k % ZONES.size()),
          "ecs.instance-type", (m5 ? "m5." : "c5.") + shape.size(),
          "ecs.os-family", "LINUX",
          "ecs.cpu-architecture", "x86_64",
          "ecs.os-type", "linux");
      views.add(new InstanceView("arn:aws:ecs:us-east-1:000000000000:container-instance/" + CLUSTER + "/" + id, id,
          ContainerInstanceStatus.ACTIVE, true, "1.80.0", Optional.of(registered.plusSeconds(k)), shape.cpu(),
          shape.memory(), RESERVED_TCP_PORTS, Set.of(), attributes, 0, Map.of()));
    }
    return new HollowCluster(views);
  }

  public int size() {
    return snapshot.instances().size();
  }

  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** Takes each placed task's demand from its instance and counts it in its group. */
  public void commit(String group, TaskDemand demand, List<PlacementResult.Placement> placements) {
    // a request often puts several tasks on one instance: one new view per instance
    Map<String, Integer> tasksPerInstance = new LinkedHashMap<>();
    for (PlacementResult.Placement p : placements) {
      if (snapshot.instance(p.containerInstanceArn()).isEmpty()) {
        throw new IllegalArgumentException("no hollow instance " + p.containerInstanceArn());
      }
      tasksPerInstance.merge(p.containerInstanceArn(), 1, Integer::sum);
    }
    List<InstanceView> changed = new ArrayList<>(tasksPerInstance.size());
    tasksPerInstance.forEach((arn, tasks) -> changed.add(placed(snapshot.instance(arn).orElseThrow(), group, demand, tasks)));
    snapshot = snapshot.with(changed);
  }

  private static InstanceView placed(InstanceView v, String group, TaskDemand demand, int tasks) {
    Set<Integer> tcp = v.tcpPortsTaken();
    if (!demand.tcpPorts().isEmpty()) {
      tcp = new HashSet<>(tcp);
      tcp.addAll(demand.tcpPorts());
    }
    Set<Integer> udp = v.udpPortsTaken();
    if (!demand.udpPorts().isEmpty()) {
      udp = new HashSet<>(udp);
      udp.addAll(demand.udpPorts());
    }
    Map<String, Integer> groups = new HashMap<>(v.tasksByGroup());
    groups.merge(group, tasks, Integer::sum);
    return new InstanceView(v.containerInstanceArn(), v.ec2InstanceId(), v.status(), v.agentConnected(),
        v.agentVersion(), v.registeredAt(), v.remainingCpu() - tasks * demand.cpu(),
        v.remainingMemory() - tasks * demand.memory(), tcp, udp, v.attributes(), v.runningTasksCount() + tasks, groups);
  }
}
