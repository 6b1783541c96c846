package dev.gantry.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The agent's one connection to the local Docker Engine (unix socket, Windows named pipe or
 * tcp), through docker-java's Apache HttpClient 5 transport. Raw Engine API requests go through
 * {@link #http()} where docker-java's typed models lag behind the API (the /info and /version
 * facts are read that way, so nothing the Engine says is lost in a model); {@link #api()} is
 * docker-java's typed client over the same connection pool for the container lifecycle.
 *
 * <p>No response timeout: pulls, waits and log streams legitimately take long; callers bound
 * their own calls.
 */
public final class DockerEngineClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_CONNECTIONS = 100;

  private final String dockerHost;
  private final DockerHttpClient http;
  private final DockerClient api;

  private DockerEngineClient(String dockerHost, DockerHttpClient http, DockerClient api) {
    this.dockerHost = dockerHost;
    this.http = http;
    this.api = api;
  }

  /** A client for {@code dockerHost} (DOCKER_HOST syntax); connects lazily, on the first call. */
  public static DockerEngineClient connect(String dockerHost) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost)
        .withDockerTlsVerify(false)
        .build();
    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(URI.create(dockerHost))
        .maxConnections(MAX_CONNECTIONS)
        .connectionTimeout(CONNECT_TIMEOUT)
        .build();
    return new DockerEngineClient(dockerHost, http, DockerClientImpl.getInstance(config, http));
  }

  public String dockerHost() {
    return dockerHost;
  }

  /** GET /info. */
  public DockerInfo info() {
    return DockerInfo.fromJson(getJson("/info"));
  }

  /** GET /version. */
  public DockerVersion version() {
    return DockerVersion.fromJson(getJson("/version"));
  }

  /** docker-java's typed client on this connection. */
  public DockerClient api() {
    return api;
  }

  /** The raw transport, for Engine API calls docker-java does not model. */
  public DockerHttpClient http() {
    return http;
  }

  /** A GET of an Engine API path (unversioned: the engine's own API version), as JSON. */
  public JsonNode getJson(String path) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path(path)
        .build();
    try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
      byte[] bytes = body.readAllBytes();
      if (response.getStatusCode() / 100 != 2) {
        throw new DockerEngineException("The Docker Engine at " + dockerHost + " answered GET " + path + " with HTTP "
            + response.getStatusCode() + ": " + new String(bytes, StandardCharsets.UTF_8).strip(),
            response.getStatusCode(), null);
      }
      return JSON.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      if (e instanceof DockerEngineException d) {
        throw d;
      }
      throw new DockerEngineException("Cannot reach the Docker Engine at " + dockerHost + " (GET " + path + "): "
          + e.getMessage() + ". Is dockerd running, and may this user use its socket? Set DOCKER_HOST if it listens "
          + "elsewhere.", 0, e);
    }
  }

  @Override
  public void close() {
    try {
      api.close();
    } catch (IOException e) {
      // closing a pool of local connections; nothing useful to do about a failure
    }
  }
}
