package dev.gantry.agent.docker.create;

/** One rule, its input and the golden file its create config must match. */
record GoldenCase(String rule, String golden, CreateConfigInput input, CreateHost host) {
  @Override
  public String toString() {
    return rule;
  }
}
