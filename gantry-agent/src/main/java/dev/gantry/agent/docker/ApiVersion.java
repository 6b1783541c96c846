package dev.gantry.agent.docker;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Docker Engine API version such as 1.41, ordered numerically (1.9 < 1.41). */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /** What an engine that did not say has. */
  public static final ApiVersion NONE = new ApiVersion(0, 0);
  private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,4})\\.(\\d{1,4})\\s*");

  public static Optional<ApiVersion> parse(String text) {
    Matcher m = FORMAT.matcher(text);
    return m.matches() ? Optional.of(new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
        : Optional.empty();
  }

  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
