package dev.gantry.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.Headers;
import dev.gantry.store.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Writes responses the way the AWS JSON 1.1 protocol has them. */
final class Responses {
  static final String JSON_1_1 = "application/x-amz-json-1.1";
  static final String REQUEST_ID = "x-amzn-RequestId";
  static final String ERROR_TYPE = "X-Amzn-ErrorType";

  /** One writer per response type, built on first use. */
  private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
    @Override
    protected ObjectWriter computeValue(Class<?> type) {
      return JsonCodec.mapper().writerFor(type);
    }
  };
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private Responses() {}

  /** Serialises first, so that a response that cannot be written becomes a 500, not half a 200. */
  static byte[] json(Object value) throws JsonProcessingException {
    return value == null ? EMPTY_OBJECT : WRITERS.get(value.getClass()).writeValueAsBytes(value);
  }

  static void send(HttpExchange exchange, int status, String requestId, byte[] body) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", JSON_1_1);
    headers.set(REQUEST_ID, requestId);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void error(HttpExchange exchange, int status, String requestId, String type, String message,
      boolean closeConnection) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set(ERROR_TYPE, type);
    if (closeConnection) {
      headers.set("Connection", "close");
    }
    byte[] body;
    try {
      body = json(new ErrorBody(type, message));
    } catch (JsonProcessingException e) {
      body = ("{\"__type\":\"" + type + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    send(exchange, status, requestId, body);
  }

  /** A random (version 4) UUID without SecureRandom's cost: request ids need to be unique, not secret. */
  static String newRequestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(msb, lsb).toString();
  }

  record ErrorBody(@JsonProperty("__type") String type, String message) {}
}
