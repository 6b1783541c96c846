package dev.gantry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.model.ContainerInstanceStatus;
import dev.gantry.placement.InstanceView;
import dev.gantry.placement.PlacementResult;
import dev.gantry.placement.TaskDemand;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HollowClusterTest {
  private static List<InstanceView> instances(HollowCluster cluster) {
    return cluster.snapshot().instances();
  }

  @Test
  void theSameSeedGivesTheSameClusterAndAnotherSeedOtherSizes() {
    assertThat(instances(HollowCluster.generate(300, 7))).isEqualTo(instances(HollowCluster.generate(300, 7)));
    assertThat(instances(HollowCluster.generate(300, 8))).isNotEqualTo(instances(HollowCluster.generate(300, 7)));
  }

  @Test
  void spreadsInstancesEvenlyOverThreeZonesAndHalfAreM5() {
    List<InstanceView> all = instances(HollowCluster.generate(600, 1));

    Map<String, Long> zones = all.stream().collect(Collectors.groupingBy(
        v -> v.attribute("ecs.availability-zone").orElseThrow(), Collectors.counting()));
    long m5 = all.stream().filter(v -> v.attribute("ecs.instance-type").orElseThrow().startsWith("m5.")).count();
    long c5 = all.stream().filter(v -> v.attribute("ecs.instance-type").orElseThrow().startsWith("c5.")).count();

    assertThat(zones).containsOnlyKeys(HollowCluster.ZONES).allSatisfy((zone, n) -> assertThat(n).isEqualTo(200));
    assertThat(m5).isEqualTo(300);
    assertThat(c5).isEqualTo(300);
  }

  @Test
  void everyInstanceIsAnActiveConnectedLinuxInstanceOfItsTypesShape() {
    Map<String, HollowCluster.Shape> m5 = HollowCluster.M5.stream()
        .collect(Collectors.toMap(s -> "m5." + s.size(), Function.identity()));
    Map<String, HollowCluster.Shape> c5 = HollowCluster.C5.stream()
        .collect(Collectors.toMap(s -> "c5." + s.size(), Function.identity()));

    assertThat(instances(HollowCluster.generate(200, 3))).allSatisfy(v -> {
      assertThat(v.status()).isEqualTo(ContainerInstanceStatus.ACTIVE);
      assertThat(v.agentConnected()).isTrue();
      assertThat(v.attribute("ecs.os-family")).hasValue("LINUX");
      assertThat(v.tcpPortsTaken()).isEqualTo(HollowCluster.RESERVED_TCP_PORTS);
      String type = v.attribute("ecs.instance-type").orElseThrow();
      HollowCluster.Shape shape = type.startsWith("m5.") ? m5.get(type) : c5.get(type);
      assertThat(shape).as(type).isNotNull();
      assertThat(v.remainingCpu()).isEqualTo(shape.cpu());
      assertThat(v.remainingMemory()).isEqualTo(shape.memory());
    });
    assertThat(instances(HollowCluster.generate(200, 3))).extracting(InstanceView::containerInstanceArn)
        .doesNotHaveDuplicates();
  }

  @Test
  void commitTakesEachPlacedTasksDemandAndCountsItInItsGroup() {
    HollowCluster cluster = HollowCluster.generate(4, 5);
    InstanceView before = instances(cluster).get(2);
    var placement = new PlacementResult.Placement(before.containerInstanceArn());

    cluster.commit("family:web", new TaskDemand(256, 512, List.of(8080), List.of(), false),
        List.of(placement));
    cluster.commit("family:web", TaskDemand.of(256, 512), List.of(placement));
    InstanceView after = instances(cluster).get(2);

    assertThat(after.remainingCpu()).isEqualTo(before.remainingCpu() - 512);
    assertThat(after.remainingMemory()).isEqualTo(before.remainingMemory() - 1024);
    assertThat(after.runningTasksCount()).isEqualTo(2);
    assertThat(after.tasksOfGroup("family:web")).isEqualTo(2);
    assertThat(after.tcpPortsTaken()).contains(8080, 22);
    assertThat(instances(cluster).get(1)).isEqualTo(instances(HollowCluster.generate(4, 5)).get(1));
  }

  @Test
  void commitCountsEveryTaskOfARequestThatPutSeveralOnOneInstance() {
    HollowCluster cluster = HollowCluster.generate(3, 5);
    InstanceView before = instances(cluster).get(0);
    var placement = new PlacementResult.Placement(before.containerInstanceArn());
    var elsewhere = new PlacementResult.Placement(instances(cluster).get(1).containerInstanceArn());

    cluster.commit("service:web", TaskDemand.of(256, 512), List.of(placement, elsewhere, placement, placement));
    InstanceView after = instances(cluster).get(0);

    assertThat(after.remainingCpu()).isEqualTo(before.remainingCpu() - 3 * 256);
    assertThat(after.remainingMemory()).isEqualTo(before.remainingMemory() - 3 * 512);
    assertThat(after.tasksOfGroup("service:web")).isEqualTo(3);
    assertThat(instances(cluster).get(1).tasksOfGroup("service:web")).isEqualTo(1);
    assertThat(cluster.snapshot().instance(before.containerInstanceArn())).hasValue(after);
  }

  @Test
  void commitRejectsAPlacementOnAnUnknownInstanceAndCommitsNothing() {
    HollowCluster cluster = HollowCluster.generate(2, 5);

    var known = new PlacementResult.Placement(instances(cluster).get(0).containerInstanceArn());

    assertThatThrownBy(() -> cluster.commit("g", TaskDemand.of(1, 1),
        List.of(known, new PlacementResult.Placement("arn:aws:ecs:us-east-1:000000000000:container-instance/x/i-0"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("container-instance/x/i-0");
    assertThat(instances(cluster)).isEqualTo(instances(HollowCluster.generate(2, 5)));
  }
}
