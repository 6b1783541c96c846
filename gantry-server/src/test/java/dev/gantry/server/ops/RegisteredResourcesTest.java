package dev.gantry.server.ops;

import static dev.gantry.server.ops.ClusterOpsFixture.integer;
import static dev.gantry.server.ops.ClusterOpsFixture.stringSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.Resource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisteredResourcesTest {

  private static List<Resource> resources(int cpu, int memory, List<String> ports, List<String> gpus) {
    return RegisteredResources.normalize(List.of(integer("CPU", cpu), integer("MEMORY", memory),
        stringSet("PORTS", ports.toArray(String[]::new)), stringSet("GPU", gpus.toArray(String[]::new))), null);
  }

  private static Resource named(List<Resource> resources, String name) {
    return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  static Stream<Arguments> reRegistrations() {
    return Stream.of(
        Arguments.of("same totals, nothing in use: remaining stays the totals",
            resources(2048, 4000, List.of("22"), List.of("g0", "g1")),
            resources(2048, 4000, List.of("22"), List.of("g0", "g1")),
            resources(2048, 4000, List.of("22"), List.of("g0", "g1")),
            2048, 4000, List.of("22"), List.of("g0", "g1")),
        Arguments.of("tasks hold 512 CPU, 1000 MiB, port 8080 and g1; totals grow",
            resources(2048, 4000, List.of("22"), List.of("g0", "g1")),
            resources(1536, 3000, List.of("22", "8080"), List.of("g0")),
            resources(4096, 8000, List.of("22"), List.of("g0", "g1", "g2")),
            3584, 7000, List.of("22", "8080"), List.of("g0", "g2")),
        Arguments.of("a reserved port is dropped from the totals while a task still holds 8080",
            resources(2048, 4000, List.of("22", "2375"), List.of()),
            resources(2048, 4000, List.of("22", "2375", "8080"), List.of()),
            resources(2048, 4000, List.of("22"), List.of()),
            2048, 4000, List.of("22", "8080"), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reRegistrations")
  void remainingResourcesKeepWhatTasksHold(String why, List<Resource> oldRegistered, List<Resource> oldRemaining,
      List<Resource> registered, int cpu, int memory, List<String> ports, List<String> gpus) {
    List<Resource> remaining = RegisteredResources.remaining(registered, oldRegistered, oldRemaining);

    assertThat(named(remaining, "CPU").integerValue()).isEqualTo(cpu);
    assertThat(named(remaining, "MEMORY").integerValue()).isEqualTo(memory);
    assertThat(named(remaining, "PORTS").stringSetValue()).containsExactlyInAnyOrderElementsOf(ports);
    assertThat(named(remaining, "GPU").stringSetValue()).containsExactlyInAnyOrderElementsOf(gpus);
  }

  @Test
  void normalizeDropsDuplicatePortsAndPutsTheStandardResourcesFirst() {
    List<Resource> r = RegisteredResources.normalize(List.of(
        Resource.builder().name("DISK_GB").type("LONG").longValue(500L).build(),
        stringSet("PORTS", "22", "22", "2375"),
        integer("MEMORY", 1000),
        integer("CPU", 1024)), null);

    assertThat(r).extracting(Resource::name).containsExactly("CPU", "MEMORY", "PORTS", "PORTS_UDP", "DISK_GB");
    assertThat(named(r, "PORTS").stringSetValue()).containsExactly("22", "2375");
    assertThat(named(r, "DISK_GB")).isEqualTo(Resource.builder().name("DISK_GB").type("LONG").integerValue(0)
        .longValue(500L).doubleValue(0.0).build());
  }
}
