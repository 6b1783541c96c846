package dev.gantry.cli;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import picocli.CommandLine.ExitCode;

/**
 * Runs a {@link GantryServer} in the foreground: start, print the banner, wait for the stop
 * signal, close, exit status 0.
 *
 * <p>A shutdown hook also closes the server, for the ways the JVM can end without the stop
 * signal (SIGHUP, a signal the platform would not let us handle); closing happens once.
 * A failure to start becomes a {@link UserError}; an address in use is named as such.
 */
final class Serving {
  private Serving() {}

  /**
   * @param banner the lines to print once serving, given the endpoint ({@code http://host:port})
   */
  static int run(ServerConfig config, PrintWriter out, Function<String, List<String>> banner,
      StopSignal stop) {
    return run(config, out, banner, stop, endpoint -> Optional.empty());
  }

  /**
   * @param companion started once the server serves (given its endpoint), closed before it: the
   *     local agent of `gantry dev`
   */
  static int run(ServerConfig config, PrintWriter out, Function<String, List<String>> banner,
      StopSignal stop, Function<String, Optional<AutoCloseable>> companion) {
    GantryServer server = start(config);
    AtomicReference<Optional<AutoCloseable>> started = new AtomicReference<>(Optional.empty());
    AtomicBoolean closed = new AtomicBoolean();
    Runnable closeOnce = () -> {
      if (closed.compareAndSet(false, true)) {
        started.get().ifPresent(Serving::closeQuietly);
        server.close();
      }
    };
    Thread hook = new Thread(closeOnce, "gantry-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      String endpoint = stripTrailingSlash(server.endpoint().toString());
      banner.apply(endpoint).forEach(out::println);
      out.flush();
      started.set(companion.apply(endpoint));
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeOnce.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook finds the server closed
      }
    }
    return ExitCode.OK;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.getLogger(Serving.class.getName()).log(System.Logger.Level.WARNING, "closing " + c + ": " + e);
    }
  }

  private static GantryServer start(ServerConfig config) {
    try {
      return GantryServer.start(config);
    } catch (RuntimeException e) {
      throw new UserError(describeStartFailure(config.listen(), e), ExitCode.SOFTWARE);
    }
  }

  static String describeStartFailure(InetSocketAddress listen, Throwable failure) {
    String address = hostPort(listen);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String reason = String.valueOf(t.getMessage());
      // by text, not only by type: a server may rewrap the BindException without keeping it
      if (reason.toLowerCase(Locale.ROOT).contains("address already in use")) {
        return "Cannot listen on " + address + " (--listen): the port is already in use."
            + " Is another gantry running? Stop it, or pick another port, for example --listen "
            + hostPort(new InetSocketAddress(listen.getAddress(), (listen.getPort() + 1) % 65536))
            + " (port 0 picks a free one).";
      }
      if (t instanceof BindException) {
        return "Cannot listen on " + address + " (--listen): " + reason + ".";
      }
    }
    String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return "Cannot start the server on " + address + ": " + reason;
  }

  static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host)
        + ":" + address.getPort();
  }

  private static String stripTrailingSlash(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }
}
