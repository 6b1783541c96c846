package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.integer;
import static dev.gantry.server.ops.ClusterOpsFixture.stringSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the instances and the task, random placement never overcommits an instance. */
class RandomPlacementPropertyTest {

  @Property(tries = 300)
  void placementsNeverOvercommitAnInstance(
      @ForAll @Size(min = 0, max = 5) List<@IntRange(min = 0, max = 4096) Integer> cpus,
      @ForAll @IntRange(min = 0, max = 2048) int taskCpu,
      @ForAll @IntRange(min = 0, max = 1024) int taskMemory,
      @ForAll @IntRange(min = 0, max = 3) int hostPorts,
      @ForAll @IntRange(min = 1, max = 10) int count,
      @ForAll boolean distinct,
      @ForAll long seed) {
    List<RandomPlacement.Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < cpus.size(); i++) {
      List<Resource> remaining = List.of(integer("CPU", cpus.get(i)), integer("MEMORY", 1000 + 500 * i),
          stringSet("PORTS", "22"), stringSet("PORTS_UDP"));
      candidates.add(new RandomPlacement.Candidate("i-" + i, i != 3, remaining));
    }
    List<Integer> ports = new ArrayList<>();
    for (int p = 0; p < hostPorts; p++) {
      ports.add(8000 + p);
    }
    TaskDemand demand = new TaskDemand(taskCpu, taskMemory, ports, List.of());

    RandomPlacement.Result result = RandomPlacement.place(candidates, demand, count, distinct, new Random(seed));

    assertThat(result.chosen().size()).isLessThanOrEqualTo(count);
    if (distinct) {
      assertThat(result.chosen()).doesNotHaveDuplicates();
    }
    for (int i = 0; i < candidates.size(); i++) {
      int n = 0;
      for (int c : result.chosen()) {
        n += c == i ? 1 : 0;
      }
      List<Resource> before = candidates.get(i).remaining();
      List<Resource> after = result.remaining().get(i);
      assertThat(ResourceFit.integer(after, "CPU")).isEqualTo(ResourceFit.integer(before, "CPU") - n * taskCpu)
          .isNotNegative();
      assertThat(ResourceFit.integer(after, "MEMORY")).isNotNegative();
      assertThat(n == 0 || candidates.get(i).agentConnected()).isTrue();
      assertThat(n <= 1 || hostPorts == 0).as("static host ports go once per instance").isTrue();
    }
    if (result.chosen().size() < count) {
      assertThat(result.rejections()).as("every instance says why it took no more").hasSize(candidates.size());
    }
  }
}
