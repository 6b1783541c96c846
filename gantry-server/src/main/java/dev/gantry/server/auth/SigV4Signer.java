package dev.gantry.server.auth;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Signs requests with AWS Signature Version 4 for clients that do not use an AWS SDK (the
 * agent, benchmarks, tests). Every given header is signed, plus {@code host} (from the URI
 * unless a Host header is given: HTTP clients set Host themselves, the way this computes it)
 * and {@code x-amz-date}. JDK only; thread-safe; the derived key is reused within a day.
 */
public final class SigV4Signer {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String region;
  private final String service;
  private volatile DatedKey datedKey = new DatedKey("", new byte[0]);

  /** A signer for the ECS API ({@code service = "ecs"}). */
  public SigV4Signer(String accessKeyId, String secretAccessKey, String region) {
    this(accessKeyId, secretAccessKey, region, SigV4Verifier.SERVICE);
  }

  public SigV4Signer(String accessKeyId, String secretAccessKey, String region, String service) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
  }

  /**
   * The headers to send: {@code headers} (minus any X-Amz-Date or Authorization given) followed
   * by {@code X-Amz-Date} and {@code Authorization}. The Host header is not added.
   */
  public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant now) {
    String amzDate = AMZ_DATE.format(now);
    TreeMap<String, String> signed = new TreeMap<>();
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.equals("x-amz-date") && !lower.equals("authorization")) {
        signed.put(lower, value);
        out.put(name, value);
      }
    });
    signed.putIfAbsent("host", hostHeader(uri));
    signed.put("x-amz-date", amzDate);
    String signedHeaders = String.join(";", signed.keySet());

    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    String canonical = SigV4.canonicalRequest(method.toUpperCase(Locale.ROOT), rawPath, rawQuery, signedHeaders,
        name -> signed.containsKey(name) ? List.of(signed.get(name)) : List.of(), SigV4.sha256Hex(body));
    String date = amzDate.substring(0, 8);
    String scope = SigV4.credentialScope(date, region, service);
    String signature = SigV4.signature(keyFor(date), SigV4.stringToSign(amzDate, scope, canonical));

    out.put("X-Amz-Date", amzDate);
    out.put("Authorization", SigV4.ALGORITHM + " Credential=" + accessKeyId + "/" + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    return out;
  }

  /** host, or host:port when the URI names a port other than its scheme's default. */
  static String hostHeader(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("URI has no host: " + uri);
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
        || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
    return defaultPort ? host : host + ":" + port;
  }

  private byte[] keyFor(String date) {
    DatedKey current = datedKey;
    if (!current.date().equals(date)) {
      current = new DatedKey(date, SigV4.signingKey(secretAccessKey, date, region, service));
      datedKey = current;
    }
    return current.key();
  }

  @Override
  public String toString() {
    return "SigV4Signer[" + accessKeyId + ", " + region + ", " + service + "]";
  }

  private record DatedKey(String date, byte[] key) {}
}
