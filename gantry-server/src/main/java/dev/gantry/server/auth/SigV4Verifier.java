package dev.gantry.server.auth;

import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Verifies the AWS Signature Version 4 of a request and says who sent it.
 *
 * <p>Goal: accept exactly what the AWS SDKs and CLI sign for service {@code ecs} in any
 * region, and reject everything else with the error type AWS uses. Algorithm: parse the
 * Authorization header, check the scope and the request time (15 minutes of skew either way),
 * find the secret by access key id, recompute the signature over the canonical request and
 * compare in constant time. Cheap checks come first; the body is hashed only once the key is
 * known. Derived signing keys are cached. Thread-safe.
 */
public final class SigV4Verifier {
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
  static final String SERVICE = "ecs";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final CredentialStore credentials;
  private final String service;
  private final SigningKeyCache signingKeys;

  public SigV4Verifier(CredentialStore credentials) {
    this(credentials, SERVICE);
  }

  /** For other service names: the published test suite signs for service "service". */
  SigV4Verifier(CredentialStore credentials, String service) {
    this.credentials = credentials;
    this.service = service;
    this.signingKeys = new SigningKeyCache(service);
  }

  /** The principal that signed {@code request}; an {@link EcsException} when it cannot be trusted. */
  public Principal verify(SignedRequest request, Instant now) {
    RequestHeaders headers = request.headers();
    String authorization = headers.first("authorization").orElseThrow(() -> new EcsException(
        ErrorType.MissingAuthenticationTokenException, "Missing Authentication Token: the request has no "
            + "Authorization header; sign it with AWS Signature Version 4 (" + SigV4.ALGORITHM + ")."));
    AuthorizationHeader auth = AuthorizationHeader.parse(authorization);
    if (!auth.service().equals(service)) {
      throw invalid("Credential should be scoped to the service '" + service + "', not '"
          + AuthorizationHeader.printable(auth.service()) + "'.");
    }
    if (!(";" + auth.signedHeaders() + ";").contains(";host;")) {
      throw new EcsException(ErrorType.IncompleteSignatureException,
          "The 'host' header must be among the SignedHeaders of the Authorization header.");
    }
    String amzDate = requestTime(headers);
    if (!amzDate.startsWith(auth.date())) {
      throw invalid("The date in the credential scope (" + auth.date() + ") does not match the request date "
          + amzDate + ".");
    }
    checkSkew(amzDate, now);
    Credential credential = credentials.find(auth.accessKeyId()).orElseThrow(() -> new EcsException(
        ErrorType.UnrecognizedClientException, "The security token included in the request is invalid."));

    String payloadHash = SigV4.sha256Hex(request.body());
    headers.first("x-amz-content-sha256").ifPresent(claimed -> {
      if (!claimed.strip().equals(payloadHash)) {
        throw invalid("The x-amz-content-sha256 header does not match the SHA-256 of the request body.");
      }
    });
    String canonical = SigV4.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
        auth.signedHeaders(), headers::values, payloadHash);
    byte[] key = signingKeys.get(credential.secretAccessKey(), auth.date(), auth.region());
    String expected = SigV4.signature(key, SigV4.stringToSign(amzDate, auth.scope(), canonical));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("The request signature does not match the signature computed from the request: check the "
          + "secret access key and the signing method (AWS Signature Version 4, service '" + service + "').");
    }
    return credential.principal();
  }

  /** X-Amz-Date, or the HTTP Date header, as yyyyMMdd'T'HHmmss'Z'. */
  private static String requestTime(RequestHeaders headers) {
    var amz = headers.first("x-amz-date");
    if (amz.isPresent()) {
      String v = amz.get().strip();
      if (!isBasicIsoDate(v)) {
        throw new EcsException(ErrorType.IncompleteSignatureException, "X-Amz-Date '"
            + AuthorizationHeader.printable(v) + "' must be in ISO 8601 basic format, yyyyMMdd'T'HHmmss'Z'.");
      }
      return v;
    }
    var date = headers.first("date");
    if (date.isPresent()) {
      try {
        return AMZ_DATE.format(ZonedDateTime.parse(date.get().strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException e) {
        throw new EcsException(ErrorType.IncompleteSignatureException, "Date header '"
            + AuthorizationHeader.printable(date.get()) + "' is not an RFC 1123 date; send X-Amz-Date instead.");
      }
    }
    throw new EcsException(ErrorType.IncompleteSignatureException,
        "Authorization header requires an 'X-Amz-Date' or a 'Date' header.");
  }

  private static void checkSkew(String amzDate, Instant now) {
    Instant signedAt = parseBasicIsoDate(amzDate);
    Instant earliest = now.minus(MAX_CLOCK_SKEW);
    Instant latest = now.plus(MAX_CLOCK_SKEW);
    if (signedAt.isBefore(earliest)) {
      throw invalid("Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(earliest)
          + " (" + AMZ_DATE.format(now) + " - 15 min.)");
    }
    if (signedAt.isAfter(latest)) {
      throw invalid("Signature not yet current: " + amzDate + " is still later than " + AMZ_DATE.format(latest)
          + " (" + AMZ_DATE.format(now) + " + 15 min.)");
    }
  }

  private static boolean isBasicIsoDate(String v) {
    if (v.length() != 16 || v.charAt(8) != 'T' || v.charAt(15) != 'Z') {
      return false;
    }
    for (int i = 0; i < 15; i++) {
      if (i != 8 && (v.charAt(i) < '0' || v.charAt(i) > '9')) {
        return false;
      }
    }
    try {
      parseBasicIsoDate(v);
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  private static Instant parseBasicIsoDate(String v) {
    return LocalDateTime.of(num(v, 0, 4), num(v, 4, 6), num(v, 6, 8), num(v, 9, 11), num(v, 11, 13),
        num(v, 13, 15)).toInstant(ZoneOffset.UTC);
  }

  private static int num(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  private static EcsException invalid(String message) {
    return new EcsException(ErrorType.InvalidSignatureException, message);
  }
}
