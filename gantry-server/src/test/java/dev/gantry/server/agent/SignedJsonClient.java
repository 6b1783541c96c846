package dev.gantry.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.auth.SigV4Signer;
import dev.gantry.store.JsonCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Raw SigV4-signed JSON calls, as an agent without an AWS SDK makes them. */
final class SignedJsonClient implements AutoCloseable {
  static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

  /** A response: status, error type header (empty for 200) and the body as JSON. */
  record Answer(int status, String errorType, JsonNode body) {}

  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  SignedJsonClient(URI endpoint) {
    this.endpoint = endpoint;
  }

  Answer ecs(SigV4Signer signer, String operation, String json) {
    return send(signer, "/", Map.of("X-Amz-Target", TARGET_PREFIX + operation), json).join();
  }

  Answer post(SigV4Signer signer, String path, String json) {
    return postAsync(signer, path, json).join();
  }

  CompletableFuture<Answer> postAsync(SigV4Signer signer, String path, String json) {
    return send(signer, path, Map.of(), json);
  }

  private CompletableFuture<Answer> send(SigV4Signer signer, String path, Map<String, String> extra, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    URI uri = endpoint.resolve(path);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.putAll(extra);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signer.sign("POST", uri, headers, body, Instant.now()).forEach(request::header);
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      try {
        return new Answer(response.statusCode(), response.headers().firstValue("X-Amzn-ErrorType").orElse(""),
            JsonCodec.mapper().readTree(response.body()));
      } catch (IOException e) {
        throw new IllegalStateException("not JSON: " + response.body(), e);
      }
    });
  }

  @Override
  public void close() {
    http.close();
  }
}
