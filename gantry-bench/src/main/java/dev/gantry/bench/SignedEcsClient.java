package dev.gantry.bench;

import dev.gantry.server.auth.SigV4Signer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately thin load-generating client: one kept-alive HTTP/1.1 socket per thread and
 * a SigV4 signature on every request. A full HTTP client (or an AWS SDK) costs the client side
 * more CPU than the server spends, and on a 2-core machine that would measure the client.
 */
final class SignedEcsClient {
  private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
  private final URI endpoint;
  private final SigV4Signer signer;
  private final ThreadLocal<Connection> connections;

  SignedEcsClient(URI endpoint, String accessKeyId, String secret, String region) {
    this.endpoint = endpoint;
    this.signer = new SigV4Signer(accessKeyId, secret, region);
    this.connections = ThreadLocal.withInitial(this::connect);
  }

  /** Sends one ECS call; throws when the answer is not HTTP 200, with the error body. */
  String call(String operation, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", TARGET_PREFIX + operation);
    headers.putAll(signer.sign("POST", endpoint.resolve("/"), headers, body, Instant.now()));
    Connection c = connections.get();
    try {
      return c.exchange(headers, body);
    } catch (IOException e) {
      connections.remove();
      throw new UncheckedIOException(e);
    }
  }

  private Connection connect() {
    try {
      Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
      socket.setTcpNoDelay(true);
      return new Connection(socket, endpoint.getHost() + ":" + endpoint.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Connection(Socket socket, String host, InputStream in, OutputStream out) {
    Connection(Socket socket, String host) throws IOException {
      this(socket, host, new BufferedInputStream(socket.getInputStream()),
          new BufferedOutputStream(socket.getOutputStream()));
    }

    String exchange(Map<String, String> headers, byte[] body) throws IOException {
      StringBuilder head = new StringBuilder(512).append("POST / HTTP/1.1\r\nHost: ").append(host).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String status = line();
      int contentLength = -1;
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
          contentLength = Integer.parseInt(h.substring(colon + 1).trim());
        }
      }
      if (contentLength < 0) {
        throw new IOException("response without Content-Length: " + status);
      }
      String response = new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IllegalStateException(status + " " + response);
      }
      return response;
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed by the server");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
