package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.integer;
import static dev.gantry.server.ops.ClusterOpsFixture.stringSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Resource;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomPlacementTest {
  private static final TaskDemand HALF_CORE = new TaskDemand(512, 256, List.of(), List.of());

  private static RandomPlacement.Candidate instance(String arn, boolean connected, int cpu, int memory,
      String... ports) {
    List<Resource> remaining = List.of(integer("CPU", cpu), integer("MEMORY", memory), stringSet("PORTS", ports),
        stringSet("PORTS_UDP"));
    return new RandomPlacement.Candidate(arn, connected, remaining);
  }

  @Test
  void tasksOfOneCallCountWhatEarlierOnesTook() {
    var result = RandomPlacement.place(List.of(instance("a", true, 1024, 1024)), HALF_CORE, 3, false, new Random(1));

    assertThat(result.chosen()).containsExactly(0, 0);
    assertThat(result.rejections()).containsExactly(new RandomPlacement.Rejection("a", "RESOURCE:CPU"));
    assertThat(ResourceFit.integer(result.remaining().get(0), "CPU")).isZero();
  }

  @Test
  void anInstanceWhoseAgentIsDisconnectedIsRejectedWithAgent() {
    var result = RandomPlacement.place(List.of(instance("off", false, 4096, 4096), instance("on", true, 512, 4096)),
        HALF_CORE, 2, false, new Random(1));

    assertThat(result.chosen()).containsExactly(1);
    assertThat(result.rejections()).containsExactlyInAnyOrder(new RandomPlacement.Rejection("off", "AGENT"),
        new RandomPlacement.Rejection("on", "RESOURCE:CPU"));
  }

  @Test
  void aStaticHostPortGoesOnlyOncePerInstance() {
    TaskDemand web = new TaskDemand(10, 10, List.of(8080), List.of());
    var result = RandomPlacement.place(List.of(instance("a", true, 4096, 4096), instance("b", true, 4096, 4096, "8080")),
        web, 3, false, new Random(3));

    assertThat(result.chosen()).containsExactly(0);
    assertThat(result.rejections()).extracting(RandomPlacement.Rejection::reason).containsOnly("RESOURCE:PORTS");
  }

  @Test
  void distinctInstancePutsEachTaskOfTheCallOnItsOwnInstance() {
    var result = RandomPlacement.place(List.of(instance("a", true, 4096, 4096), instance("b", true, 4096, 4096)),
        HALF_CORE, 3, true, new Random(5));

    assertThat(result.chosen()).containsExactlyInAnyOrder(0, 1);
    assertThat(result.rejections()).extracting(RandomPlacement.Rejection::reason)
        .containsOnly(RandomPlacement.DISTINCT_INSTANCE);
  }

  @Test
  void theChoiceAmongFittingInstancesIsRandom() {
    List<RandomPlacement.Candidate> three = List.of(instance("a", true, 4096, 4096), instance("b", true, 4096, 4096),
        instance("c", true, 4096, 4096));
    Random random = new Random(11);
    Set<Integer> picked = new HashSet<>();
    IntStream.range(0, 50).forEach(i -> picked.addAll(RandomPlacement.place(three, HALF_CORE, 1, false, random).chosen()));

    assertThat(picked).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void noInstanceMeansNoPlacementAndNoReasons() {
    var result = RandomPlacement.place(List.of(), HALF_CORE, 2, false, new Random(1));

    assertThat(result.chosen()).isEmpty();
    assertThat(result.rejections()).isEmpty();
  }
}
