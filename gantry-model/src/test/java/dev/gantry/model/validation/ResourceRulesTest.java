package dev.gantry.model.validation;

import static dev.gantry.model.validation.Fixtures.container;
import static dev.gantry.model.validation.Fixtures.task;
import static dev.gantry.model.validation.Fixtures.taskWith;
import static dev.gantry.model.validation.ValidationCase.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResourceRulesTest {

  static Stream<ValidationCase> rejected() {
    return Stream.of(
        rejects("a container without memory in a task without memory is refused",
            task(container("web").memory(null).build()),
            "containerDefinitions[0].memory", "neither memory nor memoryReservation", "task-level memory"),
        rejects("container memory below 6 MiB is refused", task(container("web").memory(4).build()),
            "containerDefinitions[0].memory", "4 MiB", "at least 6 MiB"),
        rejects("a memoryReservation below 6 MiB is refused",
            task(container("web").memory(null).memoryReservation(5).build()),
            "containerDefinitions[0].memoryReservation", "5 MiB", "at least 6 MiB"),
        rejects("a memoryReservation above memory is refused",
            task(container("web").memory(128).memoryReservation(256).build()),
            "containerDefinitions[0].memoryReservation", "256 MiB", "memory 128 MiB", "at most the hard limit"),
        rejects("container memory above the task's memory is refused",
            taskWith(container("web").memory(1024).build()).memory("512").build(),
            "containerDefinitions[0].memory", "1024 MiB", "'512'", "more than the task"),
        rejects("container memory above the task's memory in GB is refused",
            taskWith(container("web").memory(3000).build()).memory("2 GB").build(),
            "containerDefinitions[0].memory", "3000 MiB", "2048 MiB"),
        rejects("containers' cpu adding up beyond the task's cpu is refused",
            taskWith(container("a").cpu(512).build(), container("b").cpu(768).build()).cpu("1 vCPU").build(),
            "cpu", "1280 units", "'1 vCPU'", "1024 units"),
        rejects("task cpu in MHz is not a format ECS reads", taskWith(container("web").build()).cpu("2 GHz").build(),
            "cpu", "'2 GHz'", "'1024'", "'1 vCPU'"),
        rejects("task cpu below 128 units is refused", taskWith(container("web").build()).cpu("64").build(),
            "cpu", "64 CPU units", "128", "196608"),
        rejects("task cpu above 192 vCPU is refused", taskWith(container("web").build()).cpu("256 vCPU").build(),
            "cpu", "262144 CPU units", "196608"),
        rejects("a fraction of a CPU unit is refused", taskWith(container("web").build()).cpu("0.0001 vcpu").build(),
            "cpu", "not a CPU size"),
        rejects("task memory in MB is not a format ECS reads", taskWith(container("web").build()).memory("512 MB").build(),
            "memory", "'512 MB'", "'2 GB'"),
        rejects("task memory of 0 is refused", taskWith(container("web").build()).memory("0").build(),
            "memory", "'0'", "more than 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectsTheRequest(ValidationCase c) {
    c.assertRejected();
  }

  static Stream<Named<RegisterTaskDefinitionRequest>> accepted() {
    return Stream.of(
        named("memory alone", task(container("web").memory(128).build())),
        named("memoryReservation alone", task(container("web").memory(null).memoryReservation(64).build())),
        named("memoryReservation equal to memory", task(container("web").memory(256).memoryReservation(256).build())),
        named("exactly 6 MiB", task(container("web").memory(6).build())),
        named("no container memory when the task sets memory",
            taskWith(container("web").memory(null).build()).memory("2GB").build()),
        named("container memory equal to the task's memory",
            taskWith(container("web").memory(1024).build()).memory("1 GB").build()),
        named("containers' cpu adding up to exactly the task's cpu",
            taskWith(container("a").cpu(256).build(), container("b").cpu(256).build()).cpu("0.5 vcpu").build()));
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("accepted")
  void accepts(RegisterTaskDefinitionRequest request) {
    ValidationCase.assertAccepted(request);
  }

  @ParameterizedTest(name = "task cpu ''{0}'' is {1} units")
  @CsvSource(delimiter = '|', value = {"1024|1024", "1 vCPU|1024", "1 vcpu|1024", "0.5 vcpu|512", "2vCPU|2048",
      "0.25 VCPU|256", "128|128"})
  void readsTaskCpuFormatsEcsAccepts(String text, long units) {
    assertThat(TaskSize.cpuUnits(text)).contains(units);
  }

  @ParameterizedTest(name = "task memory ''{0}'' is {1} MiB")
  @CsvSource(delimiter = '|', value = {"2048|2048", "2 GB|2048", "2GB|2048", "2 gb|2048", "0.5GB|512", "1.5 GB|1536"})
  void readsTaskMemoryFormatsEcsAccepts(String text, long mib) {
    assertThat(TaskSize.memoryMiB(text)).contains(mib);
  }

  @ParameterizedTest(name = "''{0}'' is no size")
  @CsvSource(delimiter = '|', value = {"''", "' 1024'", "'1024 '", "1,5 GB", "-512", "1e3", "2 GiB", "two", "1 vCPU 2"})
  void refusesTextThatIsNoSize(String text) {
    assertThat(TaskSize.cpuUnits(text)).isEqualTo(Optional.empty());
    assertThat(TaskSize.memoryMiB(text)).isEqualTo(Optional.empty());
  }
}
