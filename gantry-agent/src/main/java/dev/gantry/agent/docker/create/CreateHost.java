package dev.gantry.agent.docker.create;

import java.util.Optional;

/**
 * What the create config needs to know about the host it runs on, gathered by the agent from its
 * configuration and Docker's {@code /info}: the OS decides which rules apply.
 */
public sealed interface CreateHost {

  /** A Linux host: ECS's Linux rules need nothing host-specific. */
  record Linux() implements CreateHost {
  }

  /**
   * A Windows host.
   *
   * @param cores logical processors, the base of {@code CpuPercent}
   * @param osVersion Docker's {@code /info} {@code OSVersion}, e.g. {@code 10.0.17763.5122}
   * @param isolation how the agent runs containers ({@code process} needs matching image builds)
   * @param memoryUnbounded {@code ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND}
   * @param cpuUnbounded {@code ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND}
   */
  record Windows(int cores, String osVersion, Isolation isolation, boolean memoryUnbounded, boolean cpuUnbounded)
      implements CreateHost {
    public Windows {
      if (cores < 1) {
        throw new IllegalArgumentException("cores must be at least 1, was " + cores);
      }
    }

    /** The build number of {@link #osVersion}, the part that must match for process isolation. */
    public Optional<Integer> build() {
      return WindowsBuild.of(osVersion);
    }
  }

  /** Docker's {@code HostConfig.Isolation} values for Windows containers. */
  enum Isolation {
    PROCESS("process"),
    HYPERV("hyperv");

    private final String wire;

    Isolation(String wire) {
      this.wire = wire;
    }

    @Override
    public String toString() {
      return wire;
    }
  }
}
