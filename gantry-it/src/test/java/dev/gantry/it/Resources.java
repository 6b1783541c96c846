package dev.gantry.it;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.Resource;

final class Resources {
  private Resources() {}

  static List<Resource> cpuAndMemory(int cpu, int memory) {
    return List.of(
        Resource.builder().name("CPU").type("INTEGER").integerValue(cpu).build(),
        Resource.builder().name("MEMORY").type("INTEGER").integerValue(memory).build(),
        Resource.builder().name("PORTS").type("STRINGSET").stringSetValue("22", "2375", "2376", "51678").build(),
        Resource.builder().name("PORTS_UDP").type("STRINGSET").stringSetValue().build());
  }
}
