package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gantry agent-key create} against a real server in this JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentKeyCommandTest {
  static final String ROOT_KEY = "AKIAIOSFODNN7EXAMPLE";
  static final String ROOT_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final Pattern EXPORT = Pattern.compile("^export (\\w+)=(\\S+)$", Pattern.MULTILINE);

  @TempDir Path workingDirectory;
  GantryServer server;
  HttpClient http;

  @BeforeAll
  void start(@TempDir Path dataDir) throws Exception {
    server = GantryServer.start(new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dataDir,
        "us-east-1", "000000000000", ROOT_KEY, ROOT_SECRET));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonNode created = ecs(new SigV4Signer(ROOT_KEY, ROOT_SECRET, "us-east-1"), "CreateCluster",
        "{\"clusterName\":\"demo\"}");
    assertThat(created.has("cluster")).as(created.toString()).isTrue();
  }

  @AfterAll
  void stop() {
    server.close();
    http.close();
  }

  String endpoint() {
    String e = server.endpoint().toString();
    return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
  }

  JsonNode ecs(SigV4Signer signer, String operation, String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    URI uri = server.endpoint().resolve("/");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signer.sign("POST", uri, headers, body, Instant.now()).forEach(request::header);
    return JsonCodec.mapper().readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private record Run(int exitCode, String out, String err) {
    Map<String, String> exports() {
      Map<String, String> found = new HashMap<>();
      Matcher m = EXPORT.matcher(out);
      while (m.find()) {
        found.put(m.group(1), m.group(2));
      }
      return found;
    }
  }

  private Run run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(environment, workingDirectory, StopSignal::manual);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void printsExportLinesWhoseKeyRegistersItsInstance() throws Exception {
    Run run = run(Map.of("AWS_ACCESS_KEY_ID", ROOT_KEY, "AWS_SECRET_ACCESS_KEY", ROOT_SECRET),
        "agent-key", "create", "--cluster", "demo", "--endpoint", endpoint());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, String> exports = run.exports();
    assertThat(exports).containsEntry("ECS_CLUSTER", "demo").containsEntry("GANTRY_SERVER", endpoint())
        .containsKeys("GANTRY_ACCESS_KEY_ID", "GANTRY_SECRET_ACCESS_KEY", "GANTRY_INSTANCE_ID");
    SigV4Signer agent = new SigV4Signer(exports.get("GANTRY_ACCESS_KEY_ID"), exports.get("GANTRY_SECRET_ACCESS_KEY"),
        "us-east-1");
    JsonNode registered = ecs(agent, "RegisterContainerInstance", "{\"cluster\":\"demo\",\"totalResources\":"
        + "[{\"name\":\"CPU\",\"type\":\"INTEGER\",\"integerValue\":1024},"
        + "{\"name\":\"MEMORY\",\"type\":\"INTEGER\",\"integerValue\":2048}]}");
    assertThat(registered.at("/containerInstance/containerInstanceArn").asText()).as(registered.toString())
        .endsWith("container-instance/demo/" + exports.get("GANTRY_INSTANCE_ID"));
    assertThat(ecs(agent, "ListClusters", "{}").get("__type").asText()).isEqualTo("AccessDeniedException");
  }

  @Test
  void takesTheGantryRootVariablesTheServerNameAndAGivenInstanceId() {
    Run run = run(Map.of("GANTRY_ROOT_ACCESS_KEY_ID", ROOT_KEY, "GANTRY_ROOT_SECRET_ACCESS_KEY", ROOT_SECRET,
        "AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1", "AWS_SECRET_ACCESS_KEY", "wrong", "GANTRY_SERVER", endpoint()),
        "agent-key", "create", "--cluster", "demo", "--container-instance-id", "host-3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.exports()).containsEntry("GANTRY_INSTANCE_ID", "host-3");
  }

  @Test
  void reportsWhatTheServerRefused() {
    Run unknownCluster = run(Map.of("AWS_ACCESS_KEY_ID", ROOT_KEY, "AWS_SECRET_ACCESS_KEY", ROOT_SECRET),
        "agent-key", "create", "--cluster", "nope", "--endpoint", endpoint());
    Run wrongKey = run(Map.of("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1", "AWS_SECRET_ACCESS_KEY", "wrong-secret"),
        "agent-key", "create", "--cluster", "demo", "--endpoint", endpoint());

    assertThat(unknownCluster.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(unknownCluster.err()).contains("ClusterNotFoundException", "nope");
    assertThat(wrongKey.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(wrongKey.err()).contains("UnrecognizedClientException");
    assertThat(wrongKey.out()).isEmpty();
  }

  @Test
  void namesTheMissingRootVariables() {
    Run run = run(Map.of("AWS_ACCESS_KEY_ID", ROOT_KEY), "agent-key", "create", "--cluster", "demo",
        "--endpoint", endpoint());

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("AWS_SECRET_ACCESS_KEY is not set", "GANTRY_ROOT_ACCESS_KEY_ID");
  }

  @Test
  void saysWhenNoServerAnswers() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Run run = run(Map.of("AWS_ACCESS_KEY_ID", ROOT_KEY, "AWS_SECRET_ACCESS_KEY", ROOT_SECRET),
        "agent-key", "create", "--cluster", "demo", "--endpoint", "http://127.0.0.1:" + closedPort);

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(run.err()).contains("Cannot reach the Gantry server at http://127.0.0.1:" + closedPort, "--endpoint");
  }

  @Test
  void refusesAnEndpointThatIsNotAUrl() {
    Run run = run(Map.of("AWS_ACCESS_KEY_ID", ROOT_KEY, "AWS_SECRET_ACCESS_KEY", ROOT_SECRET),
        "agent-key", "create", "--cluster", "demo", "--endpoint", "127.0.0.1:7777");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("--endpoint '127.0.0.1:7777' is not an http(s) URL");
  }

  @Test
  void requiresTheCluster() {
    Run run = run(Map.of(), "agent-key", "create");

    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("--cluster");
  }

  @Test
  void quotesValuesTheShellWouldSplit() {
    assertThat(AgentKeyCommand.Create.shellQuoted("http://[::1]:7777")).isEqualTo("'http://[::1]:7777'");
    assertThat(AgentKeyCommand.Create.shellQuoted("AGNT0123")).isEqualTo("AGNT0123");
  }
}
