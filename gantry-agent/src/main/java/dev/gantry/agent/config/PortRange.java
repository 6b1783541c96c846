package dev.gantry.agent.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An inclusive range of host ports, e.g. the range dynamic host ports are allocated from. */
public record PortRange(int start, int end) {
  private static final Pattern DASHED = Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*");
  private static final Pattern KERNEL = Pattern.compile("\\s*(\\d{1,5})\\s+(\\d{1,5})\\s*");

  public PortRange {
    if (start < 1 || end > 65535 || start > end) {
      throw new IllegalArgumentException("port range " + start + "-" + end + " is not within 1-65535 with start <= end");
    }
  }

  public boolean contains(int port) {
    return port >= start && port <= end;
  }

  /** ECS_DYNAMIC_HOST_PORT_RANGE syntax, {@code "49153-65535"}. */
  static Optional<PortRange> parseDashed(String text) {
    return parse(DASHED.matcher(text));
  }

  /** /proc/sys/net/ipv4/ip_local_port_range syntax: two numbers separated by white space. */
  static Optional<PortRange> parseKernel(String text) {
    return parse(KERNEL.matcher(text));
  }

  private static Optional<PortRange> parse(Matcher m) {
    if (!m.matches()) {
      return Optional.empty();
    }
    int start = Integer.parseInt(m.group(1));
    int end = Integer.parseInt(m.group(2));
    return start >= 1 && end <= 65535 && start <= end ? Optional.of(new PortRange(start, end)) : Optional.empty();
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
