package dev.gantry.agent.docker.create;

import dev.gantry.agent.docker.create.CreateConfigBuilder.Effective;

/**
 * Container cpu and memory as Docker limits, by the Amazon ECS agent's rules.
 *
 * <p>Linux: memory is a hard limit and memoryReservation a soft one (MiB to bytes); cpu units are
 * relative {@code CpuShares}, and 0, 1 or none become 2, because Docker turns 0 into 1024 and the
 * kernel refuses 1.
 *
 * <p>Windows: Docker has no soft memory limit there, so memory is the only limit (at least
 * 256 MiB) and a container with memoryReservation alone runs unbounded, which is allowed only
 * with {@code ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND}. CPU is a hard
 * {@code CpuPercent = shares * 100 / (cores * 1024)} with the same 0/1-to-2 rule first, at least
 * 1; only with {@code ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND} does cpu 0 stay unbounded.
 */
final class ResourceLimits {
  static final long MIB = 1024L * 1024L;
  /** Docker refuses smaller memory limits. */
  static final int LINUX_MIN_MEMORY_MIB = 6;
  static final int WINDOWS_MIN_MEMORY_MIB = 256;
  static final int MIN_CPU_SHARES = 2;
  static final int CPU_SHARES_PER_CORE = 1024;

  private ResourceLimits() {}

  static void apply(Effective container, CreateHost host, Draft draft, Reasons reasons) {
    switch (host) {
      case CreateHost.Linux linux -> linux(container, draft, reasons);
      case CreateHost.Windows windows -> {
        windowsMemory(container, windows, draft, reasons);
        windowsCpu(container, windows, draft, reasons);
      }
    }
  }

  private static void linux(Effective container, Draft draft, Reasons reasons) {
    Integer memory = container.memory();
    if (memory != null) {
      if (memory < LINUX_MIN_MEMORY_MIB) {
        reasons.add(container.field("memory", container.memoryOverridden()), memory
            + " MiB is below the " + LINUX_MIN_MEMORY_MIB + " MiB Docker allows; give at least "
            + LINUX_MIN_MEMORY_MIB + " MiB");
      }
      draft.memory = memory * MIB;
    }
    Integer reservation = container.memoryReservation();
    if (reservation != null && reservation > 0) {
      draft.memoryReservation = reservation * MIB;
    }
    draft.cpuShares = shares(container.cpu(), false);
  }

  private static void windowsMemory(Effective container, CreateHost.Windows host, Draft draft, Reasons reasons) {
    Integer memory = container.memory();
    String field = container.field("memory", container.memoryOverridden());
    if (memory != null && memory > 0) {
      if (memory < WINDOWS_MIN_MEMORY_MIB) {
        reasons.add(field, memory + " MiB is too little for a Windows container; give at least "
            + WINDOWS_MIN_MEMORY_MIB + " MiB");
      }
      draft.memory = memory * MIB;
      return;
    }
    if (!host.memoryUnbounded()) {
      Integer reservation = container.memoryReservation();
      String asked = reservation == null ? "no memory limit" : "memoryReservation " + reservation
          + " MiB without memory";
      reasons.add(field, asked + " means an unbounded container, which a Windows host runs only when"
          + " the agent has ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND=true; set memory (at least "
          + WINDOWS_MIN_MEMORY_MIB + " MiB)");
    }
  }

  private static void windowsCpu(Effective container, CreateHost.Windows host, Draft draft, Reasons reasons) {
    int shares = shares(container.cpu(), host.cpuUnbounded());
    long hostUnits = (long) host.cores() * CPU_SHARES_PER_CORE;
    if (shares > hostUnits) {
      reasons.add(container.field("cpu", container.cpuOverridden()), shares + " CPU units is more than this"
          + " host's " + hostUnits + " (" + host.cores() + " cores x " + CPU_SHARES_PER_CORE
          + "); ask for at most " + hostUnits);
      return;
    }
    int percent = cpuPercent(shares, host.cores());
    draft.cpuPercent = percent == 0 ? null : percent;
  }

  /** ECS's conversion: 0 or 1 unit (or none) is 2 shares, unless unbounded CPU is allowed. */
  static int shares(Integer cpu, boolean unboundedAllowed) {
    int units = cpu == null ? 0 : cpu;
    return units <= 1 && !unboundedAllowed ? MIN_CPU_SHARES : units;
  }

  /** A share of the whole host in percent, at least 1 for any share; 0 only for 0 shares (unbounded). */
  static int cpuPercent(int shares, int cores) {
    int percent = (int) ((long) shares * 100 / ((long) cores * CPU_SHARES_PER_CORE));
    return percent == 0 && shares != 0 ? 1 : percent;
  }
}
