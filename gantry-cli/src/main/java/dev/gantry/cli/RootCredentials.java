package dev.gantry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The root key pair the server accepts for every operation.
 *
 * <p>Read from {@code GANTRY_ROOT_ACCESS_KEY_ID} / {@code GANTRY_ROOT_SECRET_ACCESS_KEY}, whether
 * they come from the environment or from the dev credentials file, so both sources share one set
 * of names and one set of messages. Messages may show the access key id (AWS treats it as
 * public) but never the secret. {@link #toString()} hides the secret.
 */
record RootCredentials(String accessKeyId, String secretAccessKey) {
  static final String ACCESS_KEY_VARIABLE = "GANTRY_ROOT_ACCESS_KEY_ID";
  static final String SECRET_KEY_VARIABLE = "GANTRY_ROOT_SECRET_ACCESS_KEY";

  // IAM's AccessKeyId constraint; a '/' would also break the SigV4 credential scope.
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\w{16,128}");
  private static final Pattern SECRET = Pattern.compile("\\S{16,128}");
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String ALNUM = UPPER_ALNUM + "abcdefghijklmnopqrstuvwxyz";

  /** Outcome of looking the pair up by its variable names. */
  sealed interface Lookup {
    record Found(RootCredentials credentials) implements Lookup {}

    /** Names of the variables that are absent or blank, in a stable order. */
    record Missing(List<String> names) implements Lookup {}

    record Invalid(String message) implements Lookup {}
  }

  /** Looks up and checks the pair in {@code variables} (the environment or a decoded file). */
  static Lookup from(Map<String, String> variables) {
    String accessKeyId = variables.getOrDefault(ACCESS_KEY_VARIABLE, "").strip();
    String secret = variables.getOrDefault(SECRET_KEY_VARIABLE, "").strip();
    List<String> missing = new ArrayList<>();
    if (accessKeyId.isEmpty()) {
      missing.add(ACCESS_KEY_VARIABLE);
    }
    if (secret.isEmpty()) {
      missing.add(SECRET_KEY_VARIABLE);
    }
    if (!missing.isEmpty()) {
      return new Lookup.Missing(List.copyOf(missing));
    }
    if (!ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
      return new Lookup.Invalid(ACCESS_KEY_VARIABLE + " '" + accessKeyId
          + "' is not valid: it must be 16 to 128 letters, digits or underscores"
          + " (for example AKIA followed by 16 upper-case letters or digits).");
    }
    if (!SECRET.matcher(secret).matches()) {
      return new Lookup.Invalid(SECRET_KEY_VARIABLE + " is not valid: it has " + secret.length()
          + " characters; it must be 16 to 128 characters without spaces.");
    }
    return new Lookup.Found(new RootCredentials(accessKeyId, secret));
  }

  /** A fresh pair shaped like an AWS key: {@code AKIA} + 16 upper-case alphanumerics, 40-char secret. */
  static RootCredentials generate(RandomGenerator random) {
    return new RootCredentials("AKIA" + randomString(random, UPPER_ALNUM, 16),
        randomString(random, ALNUM, 40));
  }

  private static String randomString(RandomGenerator random, String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "RootCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<hidden>]";
  }
}
