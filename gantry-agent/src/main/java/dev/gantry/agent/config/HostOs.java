package dev.gantry.agent.config;

/** The operating system family the agent runs on: it picks the Windows defaults where ECS's differ. */
public enum HostOs {
  LINUX,
  WINDOWS;

  /** The JVM's own OS, for callers that detect host facts. */
  public static HostOs of(String osName) {
    return osName != null && osName.toLowerCase(java.util.Locale.ROOT).startsWith("windows") ? WINDOWS : LINUX;
  }
}
