package dev.gantry.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.server.api.Principal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SigV4VerifierTest {
  static final String ROOT_KEY = "AKIAGANTRYROOT000001";
  static final String ROOT_SECRET = "root/secret+key/0123456789abcdefghijklmn";
  static final String AGENT_KEY = "AKIAGANTRYAGENT00001";
  static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
  static final URI ENDPOINT = URI.create("http://127.0.0.1:7777/");
  static final byte[] BODY = "{\"cluster\":\"default\"}".getBytes(StandardCharsets.UTF_8);

  static final CredentialStore CREDENTIALS = CredentialStore.rootOnly(ROOT_KEY, ROOT_SECRET)
      .orElse(key -> key.equals(AGENT_KEY)
          ? java.util.Optional.of(new Credential(AGENT_KEY, "agent-secret",
              new Principal.Agent(AGENT_KEY, "default", "0123456789abcdef")))
          : java.util.Optional.empty());

  /** A request as it reaches the verifier, editable before it is verified. */
  record Wire(String method, String path, String query, Map<String, String> headers, byte[] body) {
    SignedRequest toRequest() {
      Map<String, List<String>> multi = new LinkedHashMap<>();
      headers.forEach((k, v) -> multi.put(k, List.of(v)));
      return new SignedRequest(method, path, query, RequestHeaders.of(multi), body);
    }

    Wire with(String header, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      if (value == null) {
        copy.remove(header);
      } else {
        copy.put(header, value);
      }
      return new Wire(method, path, query, copy, body);
    }

    Wire withBody(byte[] newBody) {
      return new Wire(method, path, query, headers, newBody);
    }

    Wire withAuthorization(UnaryOperator<String> edit) {
      return with("Authorization", edit.apply(headers.get("Authorization")));
    }
  }

  static Wire signed(String keyId, String secret, String region, Instant at, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters");
    Map<String, String> sent = new LinkedHashMap<>(new SigV4Signer(keyId, secret, region)
        .sign("POST", ENDPOINT, headers, body, at));
    sent.put("Host", "127.0.0.1:7777");
    return new Wire("POST", "/", "", sent, body);
  }

  static Wire signedByRoot() {
    return signed(ROOT_KEY, ROOT_SECRET, "us-east-1", NOW, BODY);
  }

  static Principal verify(Wire wire, Instant now) {
    return new SigV4Verifier(CREDENTIALS).verify(wire.toRequest(), now);
  }

  static EcsException rejection(Wire wire, Instant now) {
    return catchThrowableOfType(EcsException.class, () -> verify(wire, now));
  }

  @Test
  void acceptsWhatTheSignerSignsAndNamesThePrincipal() {
    assertThat(verify(signedByRoot(), NOW)).isEqualTo(new Principal.Root(ROOT_KEY));
  }

  @Test
  void acceptsAnAgentKeyAsTheAgentPrincipal() {
    Wire wire = signed(AGENT_KEY, "agent-secret", "us-east-1", NOW, BODY);

    assertThat(verify(wire, NOW)).isEqualTo(new Principal.Agent(AGENT_KEY, "default", "0123456789abcdef"));
  }

  @Test
  void acceptsAnyRegionInTheScope() {
    assertThat(verify(signed(ROOT_KEY, ROOT_SECRET, "ap-southeast-2", NOW, BODY), NOW))
        .isEqualTo(new Principal.Root(ROOT_KEY));
  }

  @Test
  void ignoresHeadersThatWereNotSigned() {
    assertThat(verify(signedByRoot().with("User-Agent", "curl/8").with("Accept", "*/*"), NOW))
        .isEqualTo(new Principal.Root(ROOT_KEY));
  }

  @Test
  void acceptsTheHttpDateHeaderInPlaceOfXAmzDate() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of("127.0.0.1:7777"));
    headers.put("Date", List.of("Fri, 01 Mar 2024 10:00:00 GMT"));
    String canonical = SigV4.canonicalRequest("POST", "/", "", "date;host",
        name -> headers.get(name.equals("host") ? "Host" : "Date"), SigV4.sha256Hex(BODY));
    String signature = SigV4.signature(SigV4.signingKey(ROOT_SECRET, "20240301", "us-east-1", "ecs"),
        SigV4.stringToSign("20240301T100000Z", "20240301/us-east-1/ecs/aws4_request", canonical));
    headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + ROOT_KEY
        + "/20240301/us-east-1/ecs/aws4_request, SignedHeaders=date;host, Signature=" + signature));

    Principal principal = new SigV4Verifier(CREDENTIALS)
        .verify(new SignedRequest("POST", "/", "", RequestHeaders.of(headers), BODY), NOW);

    assertThat(principal).isEqualTo(new Principal.Root(ROOT_KEY));
  }

  @Test
  void acceptsRequestsSignedUpToFifteenMinutesAwayEitherWay() {
    assertThat(verify(signedByRoot(), NOW.plus(Duration.ofMinutes(15)))).isInstanceOf(Principal.Root.class);
    assertThat(verify(signedByRoot(), NOW.minus(Duration.ofMinutes(15)))).isInstanceOf(Principal.Root.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void rejectsWithTheAwsErrorType(String label, Wire wire, ErrorType type, String messagePart) {
    EcsException e = rejection(wire, NOW);

    assertThat(e).as(label).isNotNull();
    assertThat(e.type()).isEqualTo(type);
    assertThat(e.getMessage()).contains(messagePart);
  }

  static Stream<Arguments> rejections() {
    Wire ok = signedByRoot();
    return Stream.of(
        Arguments.of("no Authorization header", ok.with("Authorization", null),
            ErrorType.MissingAuthenticationTokenException, "Missing Authentication Token"),
        Arguments.of("another scheme", ok.with("Authorization", "Bearer abc.def"),
            ErrorType.IncompleteSignatureException, "the scheme 'Bearer'"),
        Arguments.of("no Signature parameter", ok.withAuthorization(a -> a.substring(0, a.indexOf(", Signature="))),
            ErrorType.IncompleteSignatureException, "'Signature'"),
        Arguments.of("a parameter without '='", ok.withAuthorization(a -> a.replace("Credential=", "Credential ")),
            ErrorType.IncompleteSignatureException, "without '='"),
        Arguments.of("a credential with too few parts", ok.withAuthorization(a -> a.replace("/us-east-1/ecs", "")),
            ErrorType.IncompleteSignatureException, "<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request"),
        Arguments.of("a bad scope date", ok.withAuthorization(a -> a.replace("/20240301/", "/2024-3-1/")),
            ErrorType.IncompleteSignatureException, "'2024-3-1' must be yyyyMMdd"),
        Arguments.of("another service", ok.withAuthorization(a -> a.replace("/ecs/", "/sts/")),
            ErrorType.InvalidSignatureException, "service 'ecs', not 'sts'"),
        Arguments.of("another terminator", ok.withAuthorization(a -> a.replace("/aws4_request", "/aws5_request")),
            ErrorType.InvalidSignatureException, "must end with 'aws4_request'"),
        Arguments.of("host not signed", ok.withAuthorization(a -> a.replace(";host;", ";")),
            ErrorType.IncompleteSignatureException, "'host'"),
        Arguments.of("no date at all", ok.with("X-Amz-Date", null),
            ErrorType.IncompleteSignatureException, "'X-Amz-Date' or a 'Date'"),
        Arguments.of("a malformed X-Amz-Date", ok.with("X-Amz-Date", "2024-03-01T10:00:00Z"),
            ErrorType.IncompleteSignatureException, "ISO 8601 basic format"),
        Arguments.of("scope date not the request date", ok.with("X-Amz-Date", "20240302T100000Z"),
            ErrorType.InvalidSignatureException, "(20240301) does not match the request date 20240302T100000Z"),
        Arguments.of("an unknown access key", signed("AKIAUNKNOWN000000000", ROOT_SECRET, "us-east-1", NOW, BODY),
            ErrorType.UnrecognizedClientException, "The security token included in the request is invalid."),
        Arguments.of("the wrong secret", signed(ROOT_KEY, "not-the-secret", "us-east-1", NOW, BODY),
            ErrorType.InvalidSignatureException, "does not match"),
        Arguments.of("a tampered body", ok.withBody("{\"cluster\":\"prod\"}".getBytes(StandardCharsets.UTF_8)),
            ErrorType.InvalidSignatureException, "does not match"),
        Arguments.of("a tampered signed header", ok.with("X-Amz-Target",
            "AmazonEC2ContainerServiceV20141113.DeleteCluster"), ErrorType.InvalidSignatureException, "does not match"),
        Arguments.of("a tampered signature", ok.withAuthorization(a -> a.substring(0, a.length() - 1)
            + (a.endsWith("0") ? "1" : "0")), ErrorType.InvalidSignatureException, "does not match"),
        Arguments.of("a payload hash header that lies", ok.with("X-Amz-Content-Sha256", SigV4.EMPTY_PAYLOAD_SHA256),
            ErrorType.InvalidSignatureException, "x-amz-content-sha256"));
  }

  @Test
  void rejectsARequestSignedMoreThanFifteenMinutesAgo() {
    EcsException e = rejection(signedByRoot(), NOW.plus(Duration.ofMinutes(15)).plusSeconds(1));

    assertThat(e.type()).isEqualTo(ErrorType.InvalidSignatureException);
    assertThat(e.getMessage()).isEqualTo(
        "Signature expired: 20240301T100000Z is now earlier than 20240301T100001Z (20240301T101501Z - 15 min.)");
  }

  @Test
  void rejectsARequestSignedMoreThanFifteenMinutesAhead() {
    EcsException e = rejection(signedByRoot(), NOW.minus(Duration.ofMinutes(16)));

    assertThat(e.type()).isEqualTo(ErrorType.InvalidSignatureException);
    assertThat(e.getMessage()).isEqualTo(
        "Signature not yet current: 20240301T100000Z is still later than 20240301T095900Z (20240301T094400Z + 15 min.)");
  }

  @Test
  void neverRepeatsABearerTokenOrTheSecretInItsMessages() {
    String token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0";
    EcsException loneToken = rejection(signedByRoot().with("Authorization", token), NOW);
    EcsException wrongSecret = rejection(signed(ROOT_KEY, "not-the-secret", "us-east-1", NOW, BODY), NOW);

    assertThat(loneToken.getMessage()).doesNotContain(token).contains("an unsupported scheme");
    assertThat(wrongSecret.getMessage()).doesNotContain("not-the-secret").doesNotContain(ROOT_SECRET);
  }

  @Test
  void credentialsNeverShowTheirSecret() {
    Credential credential = CREDENTIALS.find(ROOT_KEY).orElseThrow();

    assertThat(credential.toString()).contains(ROOT_KEY).doesNotContain(ROOT_SECRET);
    assertThat(new SigV4Signer(ROOT_KEY, ROOT_SECRET, "us-east-1").toString()).doesNotContain(ROOT_SECRET);
  }

  @Property(tries = 200)
  void everySignedRequestVerifiesAndAnyChangedBodyByteFails(@ForAll("bodies") byte[] body,
      @ForAll("regions") String region, @ForAll("flips") int flip) {
    Wire wire = signed(ROOT_KEY, ROOT_SECRET, region, NOW, body);
    assertThat(verify(wire, NOW)).isEqualTo(new Principal.Root(ROOT_KEY));

    byte[] tampered = body.length == 0 ? new byte[] {'x'} : body.clone();
    if (body.length > 0) {
      tampered[flip % body.length] ^= (byte) (1 + flip % 255);
    }
    assertThat(rejection(wire.withBody(tampered), NOW).type()).isEqualTo(ErrorType.InvalidSignatureException);
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
  }

  @Provide
  Arbitrary<String> regions() {
    return Arbitraries.of("us-east-1", "eu-west-3", "ap-northeast-1", "local", "on-prem-1");
  }

  @Provide
  Arbitrary<Integer> flips() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE);
  }

  @Test
  void cachesOneSigningKeyPerSecretDateAndRegion() {
    SigningKeyCache cache = new SigningKeyCache("ecs");

    byte[] first = cache.get(ROOT_SECRET, "20240301", "us-east-1");
    byte[] again = cache.get(ROOT_SECRET, "20240301", "us-east-1");
    cache.get(ROOT_SECRET, "20240301", "eu-west-1");

    assertThat(again).isSameAs(first).isEqualTo(SigV4.signingKey(ROOT_SECRET, "20240301", "us-east-1", "ecs"));
    assertThat(cache.size()).isEqualTo(2);
  }
}
