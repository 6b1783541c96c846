package dev.gantry.agent.docker.create;

import static dev.gantry.agent.docker.create.Fixtures.input;
import static dev.gantry.agent.docker.create.Fixtures.linuxContainer;
import static dev.gantry.agent.docker.create.Fixtures.windowsContainer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ContainerOverride;
import dev.gantry.model.KeyValuePair;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Invariants of the create config over many inputs. */
class CreateConfigPropertiesTest {

  @Property
  void windowsCpuPercentIsBetween1And100AndNeverFallsAsCpuGrows(@ForAll @IntRange(min = 1, max = 64) int cores,
      @ForAll @IntRange(min = 0, max = 65536) int cpu, @ForAll boolean cpuWorkaround) {
    int units = Math.min(cpu, cores * 1024);
    CreateHost.Windows host = new CreateHost.Windows(cores, "10.0.17763.1", CreateHost.Isolation.HYPERV, false,
        cpuWorkaround);
    Integer percent = hostConfig(windowsContainer().cpu(units).build(), host).cpuPercent();
    Integer onePlus = hostConfig(windowsContainer().cpu(Math.min(units + 1, cores * 1024)).build(), host).cpuPercent();
    if (units == 0 && cpuWorkaround) {
      assertThat(percent).as("cpu 0 with the CPU workaround is unbounded").isNull();
    } else {
      assertThat(percent).isBetween(1, 100);
      assertThat(onePlus).isGreaterThanOrEqualTo(percent);
    }
  }

  @Property
  void linuxCpuSharesAreAtLeast2AndOtherwiseTheCpuUnits(@ForAll @IntRange(min = 0, max = 262144) int cpu) {
    int shares = hostConfig(linuxContainer().cpu(cpu).build(), new CreateHost.Linux()).cpuShares();
    assertThat(shares).isGreaterThanOrEqualTo(2);
    if (cpu >= 2) {
      assertThat(shares).isEqualTo(cpu);
    }
  }

  @Property
  void memoryIsAlwaysMibInBytesAndWindowsNeverGetsASoftLimit(@ForAll @IntRange(min = 256, max = 1 << 20) int memory,
      @ForAll @IntRange(min = 4, max = 1 << 20) int reservation) {
    var container = windowsContainer().memory(memory).memoryReservation(reservation).build();
    var windows = hostConfig(container, Fixtures.WINDOWS);
    var linux = hostConfig(container, new CreateHost.Linux());
    assertThat(windows.memory()).isEqualTo(memory * 1024L * 1024L);
    assertThat(windows.memoryReservation()).isNull();
    assertThat(linux.memory()).isEqualTo(memory * 1024L * 1024L);
    assertThat(linux.memoryReservation()).isEqualTo(reservation * 1024L * 1024L);
  }

  @Property
  void theAgentsLabelsWinOverAnyDockerLabels(@ForAll @Size(max = 8) Map<@StringLength(min = 1, max = 40) String,
      @StringLength(max = 20) String> dockerLabels, @ForAll boolean spoof) {
    var labels = new java.util.HashMap<>(dockerLabels);
    if (spoof) {
      labels.put(ContainerLabels.TASK_ARN, "spoofed");
      labels.put(ContainerLabels.CONTAINER_INSTANCE_ARN, "spoofed");
    }
    var config = built(input(linuxContainer().dockerLabels(labels).build()), new CreateHost.Linux());
    assertThat(config.labels())
        .containsEntry(ContainerLabels.TASK_ARN, Fixtures.TASK_ARN)
        .containsEntry(ContainerLabels.CONTAINER_NAME, "app")
        .containsEntry(ContainerLabels.TASK_DEFINITION_FAMILY, "app")
        .containsEntry(ContainerLabels.TASK_DEFINITION_VERSION, "3")
        .containsEntry(ContainerLabels.CLUSTER, Fixtures.CLUSTER)
        .containsEntry(ContainerLabels.CONTAINER_INSTANCE_ARN, Fixtures.INSTANCE_ARN);
    dockerLabels.forEach((k, v) -> {
      if (!k.startsWith("com.amazonaws.ecs.") && !k.startsWith("dev.gantry.")) {
        assertThat(config.labels()).containsEntry(k, v);
      }
    });
  }

  @Property
  void anOverriddenVariableAppearsOnceWithTheOverridesValue(
      @ForAll @Size(max = 6) List<@AlphaChars @StringLength(min = 1, max = 3) String> names,
      @ForAll @AlphaChars @StringLength(min = 1, max = 3) String name, @ForAll @StringLength(max = 10) String value) {
    List<KeyValuePair> definition = names.stream().map(n -> LinuxCreateConfigTest.kv(n, "definition")).toList();
    var override = ContainerOverride.builder().name("app")
        .environment(List.of(LinuxCreateConfigTest.kv(name, value))).build();
    var config = built(input(linuxContainer().environment(definition).build()).withOverride(override),
        new CreateHost.Linux());
    assertThat(config.env()).filteredOn(e -> e.startsWith(name + "=")).containsExactly(name + "=" + value);
    assertThat(config.env()).doesNotHaveDuplicates();
  }

  private static ContainerCreateConfig.HostConfig hostConfig(dev.gantry.model.ContainerDefinition container,
      CreateHost host) {
    return built(Fixtures.windowsInput(container), host).hostConfig();
  }

  private static ContainerCreateConfig built(CreateConfigInput input, CreateHost host) {
    CreateConfigResult result = CreateConfigBuilder.build(input, host);
    assertThat(result).isInstanceOf(CreateConfigResult.Built.class);
    return ((CreateConfigResult.Built) result).config();
  }
}
