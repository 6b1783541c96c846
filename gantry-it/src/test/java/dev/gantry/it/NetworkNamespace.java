package dev.gantry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A simulated host whose network a test can cut: a Linux network namespace joined to this host
 * by a veth pair on a private /30 of 10.231.0.0/16 (host end .1, namespace end .2). A process
 * started under {@link #launcher()} reaches this host only over that link, so taking the link's
 * host end down is a network partition as a host sees a pulled cable: the namespace keeps its
 * address and route, its packets are silently lost, nothing is refused. This host keeps its own
 * address on the link (a local route), so a server listening there still serves everyone else.
 * Unix sockets (dockerd's) are files and keep working across it.
 *
 * <p>Names carry a random suffix and the /30 is picked at random, so a crashed earlier run or a
 * parallel one does not collide. {@link #close()} removes both (the host end takes its peer
 * with it) and is safe after a partial {@link #create}. Needs root and iproute2's {@code ip}.
 */
final class NetworkNamespace implements AutoCloseable {
  private static final List<String> IP_LOCATIONS = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");

  private final String ip;
  private final String name;
  private final String hostEnd;
  private final String namespaceEnd;
  private final int third;
  private final int base;
  private boolean namespaceAdded;
  private boolean linkAdded;

  private NetworkNamespace(String ip, String suffix, int third, int block) {
    this.ip = ip;
    this.name = "gantry-fence-" + suffix;
    this.hostEnd = "gfh" + suffix;
    this.namespaceEnd = "gfn" + suffix;
    this.third = third;
    this.base = block * 4;
  }

  /** Why a namespace cannot be made here (not root, no {@code ip}, no `ip netns`), or empty. */
  static Optional<String> unavailableReason() {
    if (!isRoot()) {
      return Optional.of("network namespaces need root (this is uid " + uid() + ")");
    }
    Optional<String> ip = ipCommand();
    if (ip.isEmpty()) {
      return Optional.of("iproute2's `ip` is not installed (looked in " + IP_LOCATIONS + ")");
    }
    Result list = run(ip.get(), "netns", "list");
    return list.exit() == 0 ? Optional.empty()
        : Optional.of("`ip netns list` fails here: " + list.output().strip());
  }

  /** Creates the namespace and the link, both up and addressed; throws with ip's output when a step fails. */
  static NetworkNamespace create() {
    String ip = ipCommand().orElseThrow(() -> new IllegalStateException("no `ip` command"));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String suffix = Integer.toHexString(0x100000 + random.nextInt(0xF00000));
    NetworkNamespace ns = new NetworkNamespace(ip, suffix, random.nextInt(256), random.nextInt(64));
    try {
      ns.must("netns", "add", ns.name);
      ns.namespaceAdded = true;
      ns.must("link", "add", ns.hostEnd, "type", "veth", "peer", "name", ns.namespaceEnd);
      ns.linkAdded = true;
      ns.must("link", "set", ns.namespaceEnd, "netns", ns.name);
      ns.must("addr", "add", ns.hostAddressText() + "/30", "dev", ns.hostEnd);
      ns.must("link", "set", ns.hostEnd, "up");
      ns.inside("addr", "add", ns.namespaceAddressText() + "/30", "dev", ns.namespaceEnd);
      ns.inside("link", "set", "lo", "up");
      ns.inside("link", "set", ns.namespaceEnd, "up");
      return ns;
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  /** This host's address on the link: what a server must listen on for the namespace to reach it. */
  InetAddress hostAddress() {
    try {
      return InetAddress.getByName(hostAddressText());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The command prefix that runs a program inside the namespace (it execs in place). */
  List<String> launcher() {
    return List.of(ip, "netns", "exec", name);
  }

  String name() {
    return name;
  }

  /** Takes the host end of the link down: from now on nothing passes between the two. */
  void cut() {
    must("link", "set", hostEnd, "down");
  }

  /** Brings the host end up again (the kernel restores the /30 route with it). */
  void heal() {
    must("link", "set", hostEnd, "up");
  }

  /** Removes the link and the namespace; quiet about what was never made or is already gone. */
  @Override
  public void close() {
    if (linkAdded) {
      run(ip, "link", "del", hostEnd);
      linkAdded = false;
    }
    if (namespaceAdded) {
      run(ip, "netns", "del", name);
      namespaceAdded = false;
    }
  }

  @Override
  public String toString() {
    return "network namespace " + name + " (" + hostEnd + " " + hostAddressText() + " <-> " + namespaceEnd + " "
        + namespaceAddressText() + ")";
  }

  private String hostAddressText() {
    return "10.231." + third + "." + (base + 1);
  }

  private String namespaceAddressText() {
    return "10.231." + third + "." + (base + 2);
  }

  private void inside(String... args) {
    List<String> all = new ArrayList<>(List.of("-n", name));
    all.addAll(List.of(args));
    must(all.toArray(String[]::new));
  }

  private void must(String... args) {
    List<String> command = new ArrayList<>(List.of(ip));
    command.addAll(List.of(args));
    Result r = run(command.toArray(String[]::new));
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.exit() + "): "
          + r.output().strip());
    }
  }

  private static Optional<String> ipCommand() {
    return IP_LOCATIONS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
  }

  private static boolean isRoot() {
    return "0".equals(uid());
  }

  /** The real uid, from /proc (no `id` command needed); "unknown" off Linux. */
  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).strip().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      // not Linux: no namespaces either
    }
    return "unknown";
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }
}
