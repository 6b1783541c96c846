package dev.gantry.server.api;

/** Settings that appear in what the API returns (ARNs, endpoints). */
public record ServerSettings(String region, String accountId, String endpoint) {
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_ACCOUNT_ID = "000000000000";
}
