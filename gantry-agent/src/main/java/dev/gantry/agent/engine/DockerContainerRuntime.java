package dev.gantry.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.gantry.agent.docker.DockerEngineClient;
import dev.gantry.agent.docker.create.ContainerCreateConfig;
import dev.gantry.agent.docker.create.CreateConfigJson;
import dev.gantry.model.HealthStatus;
import dev.gantry.model.NetworkBinding;
import dev.gantry.model.TransportProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@link ContainerRuntime} over the Docker Engine API: raw JSON requests through the agent's
 * {@link DockerEngineClient} transport, so what is sent is exactly the create-config body and
 * what is read is Docker's own JSON. Thin: no decisions here.
 */
public final class DockerContainerRuntime implements ContainerRuntime {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NEVER = "0001-01-01T00:00:00Z";

  private final DockerEngineClient docker;

  public DockerContainerRuntime(DockerEngineClient docker) {
    this.docker = docker;
  }

  @Override
  public boolean imageExists(String image) {
    Answer a = call("GET", "/images/" + image + "/json", null);
    if (a.status() == 404) {
      return false;
    }
    a.require("inspect image " + image);
    return true;
  }

  @Override
  public Optional<String> imageOsVersion(String image) {
    Answer a = call("GET", "/images/" + image + "/json", null);
    a.require("inspect image " + image);
    return Optional.of(parse(a.body()).path("OsVersion").asText("").strip()).filter(v -> !v.isEmpty());
  }

  /** Docker answers a pull with a stream of progress objects; a failure may be the last of them. */
  @Override
  public void pull(String image) {
    ImageRef ref = ImageRef.parse(image);
    String path = "/images/create?fromImage=" + enc(ref.repository()) + (ref.tag().isEmpty() ? ""
        : "&tag=" + enc(ref.tag()));
    Answer a = call("POST", path, null);
    a.require("pull " + image);
    for (String line : a.body().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = parse(line);
      if (node.hasNonNull("error")) {
        throw new RuntimeFailure("pull " + image + ": " + node.path("error").asText(), a.status(), null);
      }
    }
  }

  @Override
  public String create(String name, ContainerCreateConfig config) {
    Answer a = call("POST", "/containers/create?name=" + enc(name), CreateConfigJson.body(config));
    a.require("create container " + name);
    return parse(a.body()).path("Id").asText();
  }

  @Override
  public void start(String id) {
    Answer a = call("POST", "/containers/" + id + "/start", null);
    if (a.status() != 304) {
      a.require("start container " + id);
    }
  }

  @Override
  public void stop(String id, Duration timeout) {
    Answer a = call("POST", "/containers/" + id + "/stop?t=" + Math.max(0, timeout.toSeconds()), null);
    if (a.status() != 304 && a.status() != 404) {
      a.require("stop container " + id);
    }
  }

  @Override
  public Optional<ContainerView> inspect(String id) {
    Answer a = call("GET", "/containers/" + id + "/json", null);
    if (a.status() == 404) {
      return Optional.empty();
    }
    a.require("inspect container " + id);
    return Optional.of(view(parse(a.body())));
  }

  @Override
  public List<ContainerView> list(String label, String value) {
    String filters = JSON.createObjectNode().set("label", JSON.createArrayNode().add(label + "=" + value)).toString();
    Answer a = call("GET", "/containers/json?all=1&filters=" + enc(filters), null);
    a.require("list containers labelled " + label);
    List<ContainerView> out = new ArrayList<>();
    for (JsonNode summary : parse(a.body())) {
      inspect(summary.path("Id").asText()).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public void remove(String id) {
    Answer a = call("DELETE", "/containers/" + id + "?force=1&v=1", null);
    if (a.status() != 404) {
      a.require("remove container " + id);
    }
  }

  @Override
  public ContainerEventStream events(String label, String value) {
    var filters = JSON.createObjectNode();
    filters.set("type", JSON.createArrayNode().add("container"));
    filters.set("label", JSON.createArrayNode().add(label + "=" + value));
    var actions = filters.putArray("event");
    ContainerEvent.ACTIONS.forEach(actions::add);
    String path = "/events?filters=" + enc(filters.toString());
    DockerHttpClient.Response response;
    try {
      response = docker.http().execute(DockerHttpClient.Request.builder().method("GET").path(path).build());
    } catch (RuntimeException e) {
      throw new RuntimeFailure("Cannot reach the Docker Engine at " + docker.dockerHost() + " (GET /events): "
          + e.getMessage(), 0, e);
    }
    if (response.getStatusCode() / 100 != 2) {
      String body;
      try (response; InputStream in = response.getBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = e.getMessage();
      }
      new Answer("GET", path, response.getStatusCode(), body).require("subscribe to container events");
    }
    return new DockerEventStream(docker.dockerHost(), response);
  }

  /**
   * Docker's event stream: one JSON object a line, for as long as the connection lasts.
   *
   * <p>Closing must not drain the response, as the HTTP client's close would (the stream has no
   * end): it interrupts the reading thread instead, and an interrupted read on the Docker
   * transport (a unix socket channel; a tcp socket only on a virtual thread) aborts the
   * connection. On tcp a platform reader thus ends with the next event or the connection.
   */
  private static final class DockerEventStream implements ContainerEventStream {
    private final String dockerHost;
    private final DockerHttpClient.Response response;
    private final BufferedReader lines;
    private volatile boolean closed;
    private volatile Thread reader;

    DockerEventStream(String dockerHost, DockerHttpClient.Response response) {
      this.dockerHost = dockerHost;
      this.response = response;
      this.lines = new BufferedReader(new InputStreamReader(response.getBody(), StandardCharsets.UTF_8));
    }

    @Override
    public Optional<ContainerEvent> next() {
      reader = Thread.currentThread();
      if (closed) {
        return Optional.empty();
      }
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            return Optional.of(event(parse(line)));
          }
        }
        return Optional.empty();
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return Optional.empty();
        }
        throw new RuntimeFailure("The Docker Engine's event stream at " + dockerHost + " broke: " + e.getMessage(), 0,
            e);
      }
    }

    @Override
    public void close() {
      closed = true;
      Thread r = reader;
      if (r != null && r != Thread.currentThread()) {
        r.interrupt(); // its read fails at once, and the reader closes the stream itself
        return;
      }
      boolean interrupted = Thread.interrupted();
      Thread.currentThread().interrupt(); // so that the close aborts the connection rather than drain it
      try {
        response.close();
      } catch (RuntimeException e) {
        // the connection is gone either way
      } finally {
        Thread.interrupted();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static ContainerEvent event(JsonNode e) {
    JsonNode actor = e.path("Actor");
    Map<String, String> labels = new HashMap<>();
    actor.path("Attributes").fields().forEachRemaining(a -> labels.put(a.getKey(), a.getValue().asText()));
    return new ContainerEvent(actor.path("ID").asText(e.path("id").asText("")), e.path("Action").asText(""), labels);
  }

  static ContainerView view(JsonNode c) {
    JsonNode state = c.path("State");
    OptionalInt exit = state.path("Status").asText().equals("exited") || state.path("Status").asText().equals("dead")
        ? OptionalInt.of(state.path("ExitCode").asInt()) : OptionalInt.empty();
    Optional<HealthStatus> health = switch (state.path("Health").path("Status").asText("")) {
      case "healthy" -> Optional.of(HealthStatus.HEALTHY);
      case "unhealthy" -> Optional.of(HealthStatus.UNHEALTHY);
      case "starting" -> Optional.of(HealthStatus.UNKNOWN);
      default -> Optional.empty();
    };
    Optional<String> error = state.path("OOMKilled").asBoolean()
        ? Optional.of("OutOfMemoryError: Container killed due to memory usage")
        : Optional.of(state.path("Error").asText("")).filter(s -> !s.isEmpty());
    Map<String, String> labels = new HashMap<>();
    c.path("Config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new ContainerView(c.path("Id").asText(), c.path("Name").asText().replaceFirst("^/", ""),
        state.path("Status").asText(""), exit, time(state.path("StartedAt").asText("")),
        time(state.path("FinishedAt").asText("")), health, error, labels,
        bindings(c.path("HostConfig").path("PortBindings")), c.path("Image").asText(""),
        time(c.path("Created").asText("")), addresses(c.path("NetworkSettings").path("Networks")));
  }

  private static Map<String, String> addresses(JsonNode networks) {
    Map<String, String> out = new HashMap<>();
    networks.fields().forEachRemaining(e -> {
      String ip = e.getValue().path("IPAddress").asText("");
      if (!ip.isEmpty()) {
        out.put(e.getKey(), ip);
      }
    });
    return out;
  }

  private static List<NetworkBinding> bindings(JsonNode portBindings) {
    List<NetworkBinding> out = new ArrayList<>();
    portBindings.fields().forEachRemaining(e -> {
      String[] port = e.getKey().split("/");
      TransportProtocol protocol = TransportProtocol.fromWire(port.length > 1 ? port[1] : "tcp")
          .orElse(TransportProtocol.TCP);
      for (JsonNode b : e.getValue()) {
        String ip = b.path("HostIp").asText("");
        out.add(NetworkBinding.builder().bindIP(ip.isEmpty() ? "0.0.0.0" : ip)
            .containerPort(Integer.parseInt(port[0])).hostPort(Integer.parseInt(b.path("HostPort").asText("0")))
            .protocol(protocol).build());
      }
    });
    return out;
  }

  private static Optional<Instant> time(String text) {
    if (text.isEmpty() || text.equals(NEVER)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private record Answer(String method, String path, int status, String body) {
    void require(String what) {
      if (status / 100 != 2) {
        String message = body;
        try {
          message = JSON.readTree(body).path("message").asText(body);
        } catch (IOException | RuntimeException e) {
          // not JSON: keep the body as Docker sent it
        }
        throw new RuntimeFailure(what + ": " + message.strip() + " (HTTP " + status + ")", status, null);
      }
    }
  }

  private Answer call(String method, String path, byte[] body) {
    DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder().method(method).path(path);
    if (body != null) {
      b.putHeader("Content-Type", "application/json").bodyBytes(body);
    }
    try (DockerHttpClient.Response response = docker.http().execute(b.build());
        InputStream in = response.getBody()) {
      return new Answer(method, path, response.getStatusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new RuntimeFailure("Cannot reach the Docker Engine at " + docker.dockerHost() + " (" + method + " " + path
          + "): " + e.getMessage(), 0, e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new RuntimeFailure("the Docker Engine answered with something that is not JSON: " + text, 0, e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** An image reference split the way POST /images/create takes it; no tag and no digest means latest. */
  record ImageRef(String repository, String tag) {
    static ImageRef parse(String image) {
      if (image.contains("@")) {
        return new ImageRef(image, "");
      }
      int slash = image.lastIndexOf('/');
      int colon = image.lastIndexOf(':');
      if (colon > slash) {
        return new ImageRef(image.substring(0, colon), image.substring(colon + 1));
      }
      return new ImageRef(image, "latest");
    }
  }
}
