package dev.gantry.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.api.Principal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cases of the published AWS Signature Version 4 test suite (credentials AKIDEXAMPLE, region
 * us-east-1, service "service", 2015-08-30T12:36:00Z, host example.amazonaws.com): the
 * signer must produce the published Authorization header and the verifier must accept it.
 */
class SigV4SuiteTest {
  static final String KEY_ID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
  static final String HOST = "example.amazonaws.com";

  /** One suite case: the request as sent (headers beyond Host and X-Amz-Date) and what it signs to. */
  record Vector(String name, String method, String pathAndQuery, List<Map.Entry<String, String>> headers,
      String body, String signedHeaders, String signature) {
    @Override
    public String toString() {
      return name;
    }

    String authorization() {
      return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
          + signedHeaders + ", Signature=" + signature;
    }
  }

  static Vector vector(String name, String method, String pathAndQuery, String signature, String... headers) {
    return withBody(name, method, pathAndQuery, "", signature, headers);
  }

  static Vector withBody(String name, String method, String pathAndQuery, String body, String signature,
      String... headers) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    List<String> names = new ArrayList<>(List.of("host", "x-amz-date"));
    for (int i = 0; i < headers.length; i += 2) {
      list.add(Map.entry(headers[i], headers[i + 1]));
      String lower = headers[i].toLowerCase(java.util.Locale.ROOT);
      if (!names.contains(lower)) {
        names.add(lower);
      }
    }
    names.sort(null);
    return new Vector(name, method, pathAndQuery, list, body, String.join(";", names), signature);
  }

  static Stream<Vector> signable() {
    return Stream.of(
        vector("get-vanilla", "GET", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        vector("post-vanilla", "POST", "/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        vector("post-vanilla-query", "POST", "/?Param1=value1",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        vector("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        vector("post-header-key-sort", "POST", "/", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c",
            "My-Header1", "value1"),
        vector("post-header-value-case", "POST", "/",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d", "My-Header1", "VALUE1"),
        vector("get-header-value-trim", "GET", "/", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            "My-Header1", " value1", "My-Header2", " \"a   b   c\""),
        withBody("post-x-www-form-urlencoded", "POST", "/", "Param1=value1",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            "Content-Type", "application/x-www-form-urlencoded"));
  }

  static Stream<Vector> verifiable() {
    return Stream.concat(signable(), Stream.of(
        vector("get-header-key-duplicate", "GET", "/",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            "My-Header1", "value2", "My-Header1", "value2", "My-Header1", "value1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signable")
  void signerProducesThePublishedAuthorization(Vector v) {
    SigV4Signer signer = new SigV4Signer(KEY_ID, SECRET, "us-east-1", "service");
    Map<String, String> headers = new LinkedHashMap<>();
    v.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));

    Map<String, String> signed = signer.sign(v.method(), URI.create("https://" + HOST + v.pathAndQuery()), headers,
        v.body().getBytes(StandardCharsets.UTF_8), SIGNED_AT);

    assertThat(signed).containsEntry("X-Amz-Date", "20150830T123600Z");
    assertThat(signed.get("Authorization")).isEqualTo(v.authorization());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verifiable")
  void verifierAcceptsThePublishedAuthorization(Vector v) {
    SigV4Verifier verifier = new SigV4Verifier(CredentialStore.rootOnly(KEY_ID, SECRET), "service");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(HOST));
    headers.put("X-Amz-Date", List.of("20150830T123600Z"));
    headers.put("Authorization", List.of(v.authorization()));
    v.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
    URI uri = URI.create(v.pathAndQuery());
    SignedRequest request = new SignedRequest(v.method(), uri.getRawPath(),
        uri.getRawQuery() == null ? "" : uri.getRawQuery(), RequestHeaders.of(headers),
        v.body().getBytes(StandardCharsets.UTF_8));

    assertThat(verifier.verify(request, SIGNED_AT)).isEqualTo(new Principal.Root(KEY_ID));
  }

  @Test
  void getVanillaCanonicalRequestAndStringToSignMatchThePublishedOnes() {
    String canonical = SigV4.canonicalRequest("GET", "/", "", "host;x-amz-date",
        name -> name.equals("host") ? List.of(HOST) : List.of("20150830T123600Z"), SigV4.EMPTY_PAYLOAD_SHA256);

    assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical))
        .isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  }

  @Test
  void postFormBodyHashIsThePublishedPayloadHash() {
    assertThat(SigV4.sha256Hex("Param1=value1".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  }
}
