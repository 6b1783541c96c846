package dev.gantry.agent.engine;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Docker names for task containers, shaped as the ECS agent shapes them:
 * {@code ecs-<family>-<revision>-<container>-<random hex>}, with characters Docker refuses
 * replaced. Unique per task run, readable in {@code docker ps}.
 */
public final class ContainerNames {
  private static final int MAX_LENGTH = 200;

  private ContainerNames() {}

  public static String of(String family, int revision, String container, RandomGenerator random) {
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    String base = "ecs-" + clean(family) + "-" + revision + "-" + clean(container);
    if (base.length() > MAX_LENGTH) {
      base = base.substring(0, MAX_LENGTH);
    }
    return base + "-" + HexFormat.of().formatHex(suffix);
  }

  /** Docker allows [a-zA-Z0-9][a-zA-Z0-9_.-]; ECS names allow the same set, so this rarely changes anything. */
  private static String clean(String s) {
    return s.replaceAll("[^a-zA-Z0-9_.-]", "-");
  }
}
