package dev.gantry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unix-socket relay in front of dockerd that counts the Engine API requests passing through
 * it, so a bench can say how many calls per second an agent makes without touching the agent.
 * The agent is pointed at {@link #dockerHost()}; bytes go both ways unchanged. Requests are
 * counted from the request lines of the client-to-dockerd stream (keep-alive connections carry
 * several); a line longer than 8 KiB (a create body) is skipped, never mistaken for a request.
 */
final class DockerCallCounter implements AutoCloseable {
  private static final Pattern REQUEST = Pattern.compile("^(GET|POST|PUT|DELETE|HEAD) (\\S+) HTTP/1\\.[01]\r?$");
  private static final Pattern INSPECT = Pattern.compile("^GET (/v[0-9.]+)?/containers/[^/?]+/json(\\?.*)?$");
  private static final int MAX_LINE = 8192;

  private final Path socket;
  private final Path upstream;
  private final ServerSocketChannel server;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong inspects = new AtomicLong();
  private volatile boolean closed;

  private DockerCallCounter(Path socket, Path upstream, ServerSocketChannel server) {
    this.socket = socket;
    this.upstream = upstream;
    this.server = server;
  }

  /** Listens on a new socket in {@code dir}, relaying to dockerd's socket {@code upstream}. */
  static DockerCallCounter start(Path dir, Path upstream) throws IOException {
    Path socket = dir.resolve("docker.sock");
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    DockerCallCounter counter = new DockerCallCounter(socket, upstream, server);
    Thread.ofVirtual().name("docker-relay-accept").start(counter::accept);
    return counter;
  }

  /** The DOCKER_HOST that goes through this relay. */
  String dockerHost() {
    return "unix://" + socket;
  }

  /** Engine API requests relayed so far. */
  long requests() {
    return requests.get();
  }

  /** Of those, container inspects (GET /containers/{id}/json). */
  long inspects() {
    return inspects.get();
  }

  private void accept() {
    while (!closed) {
      try {
        SocketChannel client = server.accept();
        SocketChannel docker = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
        open.add(client);
        open.add(docker);
        // platform threads: a virtual thread's blocking read on an idle socket can miss its wake-up
        // on JDK 25 (the data sits unread in the socket), which stalled a relayed event stream
        Thread.ofPlatform().daemon().start(() -> relay(client, docker, true));
        Thread.ofPlatform().daemon().start(() -> relay(docker, client, false));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("docker relay: " + e.getMessage());
        }
      }
    }
  }

  private void relay(SocketChannel from, SocketChannel to, boolean count) {
    byte[] line = new byte[MAX_LINE];
    int length = 0;
    boolean overlong = false;
    try (InputStream in = Channels.newInputStream(from); OutputStream out = Channels.newOutputStream(to)) {
      byte[] buffer = new byte[65536];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (count) {
          for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b == '\n') {
              if (!overlong) {
                countLine(new String(line, 0, length, StandardCharsets.ISO_8859_1));
              }
              length = 0;
              overlong = false;
            } else if (length < MAX_LINE) {
              line[length++] = b;
            } else {
              overlong = true;
            }
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: the other is closed with it, as a direct connection would be
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void countLine(String text) {
    Matcher m = REQUEST.matcher(text);
    if (m.matches()) {
      requests.incrementAndGet();
      if (INSPECT.matcher(m.group(1) + " " + m.group(2)).matches()) {
        inspects.incrementAndGet();
      }
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    open.forEach(DockerCallCounter::closeQuietly);
    Files.deleteIfExists(socket);
  }
}
