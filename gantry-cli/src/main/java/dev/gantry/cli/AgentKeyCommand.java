package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gantry agent-key}: agent key pairs, minted by the server for one container instance. */
@Command(name = "agent-key", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Agent key pairs: credentials an agent uses for its own container instance only.",
    commandListHeading = "%nCommands:%n")
final class AgentKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command: use 'gantry agent-key create'.");
  }

  /**
   * {@code gantry agent-key create}: asks the server ({@code POST /v1/agent-keys}, signed with
   * the root key pair) for a new agent key pair and prints it as export lines for the agent.
   * The root pair comes from GANTRY_ROOT_ACCESS_KEY_ID / GANTRY_ROOT_SECRET_ACCESS_KEY when both
   * are set, else from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (what {@code gantry dev}
   * prints); the signing region from AWS_REGION or AWS_DEFAULT_REGION (any region will do).
   */
  @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = {"Mints an agent key pair on the server and prints export lines for 'gantry agent'.",
          "Signs with the root key pair from GANTRY_ROOT_ACCESS_KEY_ID / GANTRY_ROOT_SECRET_ACCESS_KEY,"
              + " or else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.",
          "The secret is shown only once."})
  static final class Create implements Callable<Integer> {
    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:7777";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "NAME", required = true,
        description = "The cluster the agent registers in.")
    String cluster;

    @Option(names = "--container-instance-id", paramLabel = "ID",
        description = "The container instance the key acts for. Default: a new id chosen by the server.")
    Optional<String> containerInstanceId;

    @Option(names = "--endpoint", paramLabel = "URL",
        description = "The Gantry server. Default: $GANTRY_SERVER, else " + DEFAULT_ENDPOINT + ".")
    Optional<String> endpoint;

    private final Map<String, String> environment;

    Create(Map<String, String> environment) {
      this.environment = environment;
    }

    @Override
    public Integer call() {
      URI server = endpoint();
      RootCredentials root = rootCredentials();
      String region = firstSet("AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1");
      ObjectNode request = JsonCodec.mapper().createObjectNode().put("cluster", cluster);
      containerInstanceId.ifPresent(id -> request.put("containerInstanceId", id));
      JsonNode minted = post(server, new SigV4Signer(root.accessKeyId(), root.secretAccessKey(), region),
          JsonCodec.encode(request));
      PrintWriter out = spec.commandLine().getOut();
      out.println("# Agent key " + minted.path("accessKeyId").asText() + " for container instance "
          + minted.path("containerInstanceId").asText() + " of cluster " + minted.path("cluster").asText()
          + "; the secret is not shown again.");
      List.of(
          Map.entry("GANTRY_SERVER", server.toString()),
          Map.entry("GANTRY_ACCESS_KEY_ID", minted.path("accessKeyId").asText()),
          Map.entry("GANTRY_SECRET_ACCESS_KEY", minted.path("secretAccessKey").asText()),
          Map.entry("GANTRY_INSTANCE_ID", minted.path("containerInstanceId").asText()),
          Map.entry("ECS_CLUSTER", minted.path("cluster").asText()))
          .forEach(e -> out.println("export " + e.getKey() + "=" + shellQuoted(e.getValue())));
      out.flush();
      return ExitCode.OK;
    }

    private URI endpoint() {
      String text = endpoint.or(() -> firstSet("GANTRY_SERVER")).orElse(DEFAULT_ENDPOINT).strip();
      String from = endpoint.isPresent() ? "--endpoint" : "GANTRY_SERVER";
      URI uri;
      try {
        uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      } catch (URISyntaxException e) {
        throw new UserError(from + " '" + text + "' is not an http(s) URL with a host (" + e.getReason()
            + "; for example " + DEFAULT_ENDPOINT + ").", ExitCode.USAGE);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new UserError(from + " '" + text + "' is not an http(s) URL with a host (for example "
            + DEFAULT_ENDPOINT + ").", ExitCode.USAGE);
      }
      return uri;
    }

    private RootCredentials rootCredentials() {
      boolean gantryRoot = firstSet(RootCredentials.ACCESS_KEY_VARIABLE).isPresent()
          || firstSet(RootCredentials.SECRET_KEY_VARIABLE).isPresent();
      String idName = gantryRoot ? RootCredentials.ACCESS_KEY_VARIABLE : "AWS_ACCESS_KEY_ID";
      String secretName = gantryRoot ? RootCredentials.SECRET_KEY_VARIABLE : "AWS_SECRET_ACCESS_KEY";
      Optional<String> id = firstSet(idName);
      Optional<String> secret = firstSet(secretName);
      if (id.isEmpty() || secret.isEmpty()) {
        String missing = id.isEmpty() && secret.isEmpty() ? idName + " and " + secretName
            : id.isEmpty() ? idName : secretName;
        throw new UserError("gantry agent-key create signs with the root key pair, but " + missing
            + (missing.contains(" and ") ? " are" : " is") + " not set. Set " + RootCredentials.ACCESS_KEY_VARIABLE
            + " and " + RootCredentials.SECRET_KEY_VARIABLE + ", or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            + " (the lines 'gantry dev' prints).", ExitCode.USAGE);
      }
      return new RootCredentials(id.get(), secret.get());
    }

    private JsonNode post(URI server, SigV4Signer signer, byte[] body) {
      URI uri = URI.create(server + "/v1/agent-keys");
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      signer.sign("POST", uri, Map.of("Content-Type", "application/json"), body, Instant.now())
          .forEach(request::header);
      HttpResponse<byte[]> response;
      try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(TIMEOUT).build()) {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw new UserError("Cannot reach the Gantry server at " + server + ": " + describe(e)
            + ". Is it running? Give its URL with --endpoint or GANTRY_SERVER.", ExitCode.SOFTWARE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("Interrupted while waiting for " + server + ".", ExitCode.SOFTWARE);
      }
      JsonNode json;
      try {
        json = JsonCodec.mapper().readTree(response.body());
      } catch (IOException e) {
        throw new UserError("The server at " + server + " answered HTTP " + response.statusCode()
            + " with something that is not JSON; is it a Gantry server?", ExitCode.SOFTWARE);
      }
      if (response.statusCode() != 200) {
        throw new UserError("The server refused to mint the agent key: " + json.path("__type").asText("HTTP "
            + response.statusCode()) + ": " + json.path("message").asText(""), ExitCode.SOFTWARE);
      }
      return json;
    }

    private Optional<String> firstSet(String... names) {
      for (String name : names) {
        String value = environment.getOrDefault(name, "").strip();
        if (!value.isEmpty()) {
          return Optional.of(value);
        }
      }
      return Optional.empty();
    }

    private static String describe(IOException e) {
      String message = e.getMessage();
      return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static String shellQuoted(String value) {
      return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }
  }
}
