package dev.gantry.agent.docker.create;

import java.util.Map;
import java.util.Optional;

/** Windows build numbers as Docker reports them ({@code 10.0.<build>.<revision>}) and their names. */
final class WindowsBuild {
  private static final Map<Integer, String> NAMES = Map.of(
      14393, "Windows Server 2016",
      17763, "Windows Server 2019",
      20348, "Windows Server 2022",
      26100, "Windows Server 2025");

  private WindowsBuild() {}

  /** The third dotted part of an OS version; empty when the text is not such a version. */
  static Optional<Integer> of(String osVersion) {
    if (osVersion == null) {
      return Optional.empty();
    }
    String[] parts = osVersion.trim().split("\\.");
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code build 17763 (Windows Server 2019)}, or just the number for builds without a server name. */
  static String describe(int build) {
    String name = NAMES.get(build);
    return name == null ? "build " + build : "build " + build + " (" + name + ")";
  }
}
