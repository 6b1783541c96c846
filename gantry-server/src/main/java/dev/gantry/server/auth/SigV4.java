package dev.gantry.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The parts of AWS Signature Version 4 that the signer and the verifier must compute
 * identically: the canonical request, the string to sign, the derived signing key.
 *
 * <p>Constraints: the path is canonicalised the way AWS does for every service but S3
 * (dot-segments removed, then each byte outside the unreserved set percent-encoded, which
 * encodes an already-encoded wire path a second time); query parameters are decoded and
 * re-encoded strictly, then sorted by name and value; header values are trimmed and inner
 * runs of spaces collapsed, repeated headers joined with commas. JDK only, so that clients
 * (the agent, benchmarks) can use the signer without the server.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String TERMINATOR = "aws4_request";
  static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SigV4() {}

  /**
   * The canonical request. {@code headerValues} gives every value of a header by its
   * lower-case name (empty when absent); {@code signedHeaders} is the semicolon-separated
   * list exactly as it is signed.
   */
  static String canonicalRequest(String method, String rawPath, String rawQuery, String signedHeaders,
      Function<String, List<String>> headerValues, String payloadHash) {
    StringBuilder b = new StringBuilder(256);
    b.append(method).append('\n');
    b.append(canonicalUri(rawPath)).append('\n');
    b.append(canonicalQuery(rawQuery)).append('\n');
    int start = 0;
    while (start <= signedHeaders.length()) {
      int end = signedHeaders.indexOf(';', start);
      if (end < 0) {
        end = signedHeaders.length();
      }
      String name = signedHeaders.substring(start, end);
      b.append(name).append(':').append(canonicalHeaderValue(headerValues.apply(name))).append('\n');
      start = end + 1;
    }
    b.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    return b.toString();
  }

  static String canonicalUri(String rawPath) {
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    return uriEncode(removeDotSegments(rawPath), true);
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      params.add(new String[] {uriEncode(percentDecode(name), false), uriEncode(percentDecode(value), false)});
    }
    params.sort((x, y) -> {
      int byName = x[0].compareTo(y[0]);
      return byName != 0 ? byName : x[1].compareTo(y[1]);
    });
    StringBuilder b = new StringBuilder(rawQuery.length() + 8);
    for (String[] p : params) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(p[0]).append('=').append(p[1]);
    }
    return b.toString();
  }

  /** Every value trimmed with inner runs of whitespace collapsed to one space, joined with commas. */
  static String canonicalHeaderValue(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = values.get(i);
      int from = 0;
      int to = v.length();
      while (from < to && isSpace(v.charAt(from))) {
        from++;
      }
      while (to > from && isSpace(v.charAt(to - 1))) {
        to--;
      }
      boolean lastWasSpace = false;
      for (int j = from; j < to; j++) {
        char c = v.charAt(j);
        boolean space = isSpace(c);
        if (!space) {
          b.append(c);
        } else if (!lastWasSpace) {
          b.append(' ');
        }
        lastWasSpace = space;
      }
    }
    return b.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  static String credentialScope(String date, String region, String service) {
    return date + '/' + region + '/' + service + '/' + TERMINATOR;
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, TERMINATOR);
  }

  static String signature(byte[] signingKey, String stringToSign) {
    return hex(hmac(signingKey, stringToSign));
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  /** RFC 3986 percent-encoding of the UTF-8 bytes of {@code s}, all but unreserved characters. */
  static String uriEncode(String s, boolean keepSlash) {
    StringBuilder b = null;
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xFF;
      boolean keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
      if (keep) {
        if (b != null) {
          b.append((char) c);
        }
      } else {
        if (b == null) {
          b = new StringBuilder(bytes.length + 16);
          for (int j = 0; j < i; j++) {
            b.append((char) bytes[j]);
          }
        }
        b.append('%').append(Character.toUpperCase(HEX[c >> 4])).append(Character.toUpperCase(HEX[c & 0xF]));
      }
    }
    return b == null ? s : b.toString();
  }

  /** Decodes %XX escapes (a malformed escape is kept literally); '+' stays a plus sign. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
        out[n++] = (byte) (hexValue(in[i + 1]) * 16 + hexValue(in[i + 2]));
        i += 2;
      } else {
        out[n++] = in[i];
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hexValue(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** RFC 3986 section 5.2.4, on segments; a trailing slash is kept. */
  private static String removeDotSegments(String path) {
    if (!path.contains("/.")) {
      return path;
    }
    List<String> out = new ArrayList<>();
    String[] segments = path.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String seg = segments[i];
      boolean last = i == segments.length - 1;
      if (seg.equals(".")) {
        if (last) {
          out.add("");
        }
      } else if (seg.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else {
        out.add(seg);
      }
    }
    return "/" + String.join("/", out);
  }
}
