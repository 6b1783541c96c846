package dev.gantry.server.auth;

import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;

/**
 * The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
 * SignedHeaders=a;b, Signature=hex} header. Parsing is by hand (no regex): this runs on every
 * request. Messages never repeat the header itself, which could carry someone's token.
 */
record AuthorizationHeader(String accessKeyId, String date, String region, String service,
    String signedHeaders, String signature) {

  String scope() {
    return SigV4.credentialScope(date, region, service);
  }

  static AuthorizationHeader parse(String header) {
    String value = header.strip();
    int space = value.indexOf(' ');
    String algorithm = space < 0 ? value : value.substring(0, space);
    if (!algorithm.equals(SigV4.ALGORITHM)) {
      // A lone token may be a bearer secret: name the scheme only when it looks like one.
      String scheme = space > 0 && space <= 32 && algorithm.chars().allMatch(ch -> ch == '-'
          || Character.isLetterOrDigit(ch)) ? "the scheme '" + algorithm + "'" : "an unsupported scheme";
      throw incomplete("Authorization header uses " + scheme + "; this server accepts only "
          + SigV4.ALGORITHM + " (AWS Signature Version 4).");
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : value.substring(space + 1).split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw incomplete("Authorization header has a parameter without '=' (expected Credential=..., "
            + "SignedHeaders=..., Signature=...).");
      }
      String v = p.substring(eq + 1).strip();
      switch (p.substring(0, eq).strip()) {
        case "Credential" -> credential = v;
        case "SignedHeaders" -> signedHeaders = v;
        case "Signature" -> signature = v;
        default -> { } // unknown parameters are ignored, as AWS does
      }
    }
    StringBuilder missing = new StringBuilder();
    if (credential == null || credential.isEmpty()) {
      missing.append(" 'Credential'");
    }
    if (signedHeaders == null || signedHeaders.isEmpty()) {
      missing.append(" 'SignedHeaders'");
    }
    if (signature == null || signature.isEmpty()) {
      missing.append(" 'Signature'");
    }
    if (!missing.isEmpty()) {
      throw incomplete("Authorization header is missing the parameter(s)" + missing + ".");
    }
    String[] c = credential.split("/", -1);
    if (c.length != 5 || c[0].isEmpty() || c[2].isEmpty()) {
      throw incomplete("Credential '" + printable(credential)
          + "' must have the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.");
    }
    if (!isDate(c[1])) {
      throw incomplete("Credential scope date '" + printable(c[1]) + "' must be yyyyMMdd.");
    }
    if (!c[4].equals(SigV4.TERMINATOR)) {
      throw new EcsException(ErrorType.InvalidSignatureException, "Credential scope must end with '"
          + SigV4.TERMINATOR + "', not '" + printable(c[4]) + "'.");
    }
    return new AuthorizationHeader(c[0], c[1], c[2], c[3], signedHeaders, signature);
  }

  private static boolean isDate(String s) {
    if (s.length() != 8) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Keeps messages one short line even when the input is hostile. */
  static String printable(String s) {
    String cut = s.length() > 128 ? s.substring(0, 128) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char ch = cut.charAt(i);
      b.append(ch < 0x20 || ch == 0x7F ? '?' : ch);
    }
    return b.toString();
  }

  private static EcsException incomplete(String message) {
    return new EcsException(ErrorType.IncompleteSignatureException, message);
  }
}
