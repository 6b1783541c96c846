package dev.gantry.agent.docker.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Linux create configs sent as they are to the real dockerd: Docker must accept each body
 * and report back the limits and labels it was given. Containers are only created, never
 * started, and removed again with the volumes their mounts created. Cases that refer to other
 * containers of the task are left out: those containers don't exist here.
 */
class DockerAcceptsCreateConfigTest {
  private static final Path SOCKET = Path.of("/var/run/docker.sock");
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void dockerAnswers() {
    assumeTrue(Files.exists(SOCKET), "no Docker daemon at " + SOCKET + " (scripts/test starts one as root)");
    for (String image : new String[] {"gantry-test/busybox:latest", "gantry-demo/web:1"}) {
      assumeTrue(request("GET", "/images/" + image + "/json", null).status() == 200,
          image + " is not built (scripts/test builds it from docker/test-images)");
    }
  }

  static Stream<GoldenCase> builtLinuxCases() throws IOException {
    return Stream.concat(LinuxCreateConfigTest.cases(), SharedExamplesCreateConfigTest.cases())
        .filter(c -> c.host() instanceof CreateHost.Linux)
        // containers of the same task (links, volumesFrom, awsvpc) don't exist here
        .filter(c -> c.input().containerNames().isEmpty() && c.input().networkContainer().isEmpty())
        .filter(c -> CreateConfigBuilder.build(c.input(), c.host()) instanceof CreateConfigResult.Built);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtLinuxCases")
  void dockerCreatesTheContainerAsConfigured(GoldenCase c) throws IOException {
    var config = ((CreateConfigResult.Built) CreateConfigBuilder.build(c.input(), c.host())).config();
    String name = "gantry-createcheck-" + ProcessHandle.current().pid() + "-" + c.golden().replace('/', '-');
    Response created = request("POST", "/containers/create?name=" + name, CreateConfigJson.body(config));
    try {
      assertThat(created.status()).as("docker's answer: %s", created.body()).isEqualTo(201);
      JsonNode inspected = JSON.readTree(request("GET", "/containers/" + name + "/json", null).body());
      JsonNode host = inspected.path("HostConfig");
      assertThat(host.path("Memory").asLong()).isEqualTo(orZero(config.hostConfig().memory()));
      assertThat(host.path("CpuShares").asInt()).isEqualTo(config.hostConfig().cpuShares());
      assertThat(host.path("NetworkMode").asText()).isEqualTo(config.hostConfig().networkMode());
      assertThat(inspected.path("Config").path("Labels").path(ContainerLabels.TASK_ARN).asText())
          .isEqualTo(Fixtures.TASK_ARN);
    } finally {
      request("DELETE", "/containers/" + name + "?force=1&v=1", null);
      if (config.hostConfig().mounts() != null) {
        config.hostConfig().mounts().forEach(m -> request("DELETE", "/volumes/" + m.source(), null));
      }
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private record Response(int status, String body) {}

  /** One HTTP/1.1 exchange over the Docker socket; Connection: close, so the answer ends at EOF. */
  private static Response request(String method, String path, byte[] body) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(SOCKET));
      byte[] content = body == null ? new byte[0] : body;
      String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
      channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      channel.write(ByteBuffer.wrap(content));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        answer.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      String text = answer.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String headers = text.substring(0, split);
      String payload = text.substring(split + 4);
      if (headers.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        payload = dechunk(payload);
      }
      return new Response(Integer.parseInt(headers.split(" ", 3)[1]), payload);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
