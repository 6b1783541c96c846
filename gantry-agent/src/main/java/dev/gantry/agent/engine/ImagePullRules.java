package dev.gantry.agent.engine;

import dev.gantry.agent.config.ImagePullBehavior;

/**
 * ECS_IMAGE_PULL_BEHAVIOR as a decision: pure. {@code default} pulls and falls back to a cached
 * image when the pull fails; {@code always} pulls and fails the container when the pull fails;
 * {@code once} pulls only an image this agent has not pulled yet (or that is gone);
 * {@code prefer-cached} pulls only when no cached image exists.
 */
public final class ImagePullRules {
  private ImagePullRules() {}

  public enum PullPlan {
    /** Use the local image; no pull. */
    USE_CACHED,
    /** Pull; if the pull fails, use the local image. */
    PULL_ELSE_CACHED,
    /** Pull; if the pull fails, the container cannot be created. */
    PULL_REQUIRED
  }

  /**
   * Whether the plan pulls whatever the local cache holds, so the cache needs looking at only if
   * the pull fails: {@code default} and {@code always}, and {@code once} for an image not pulled before.
   */
  public static boolean pullsFirst(ImagePullBehavior behavior, boolean pulledBefore) {
    return switch (behavior) {
      case DEFAULT, ALWAYS -> true;
      case ONCE -> !pulledBefore;
      case PREFER_CACHED -> false;
    };
  }

  /**
   * @param cached the image is present locally
   * @param pulledBefore this agent has pulled this image successfully before
   */
  public static PullPlan plan(ImagePullBehavior behavior, boolean cached, boolean pulledBefore) {
    return switch (behavior) {
      case DEFAULT -> cached ? PullPlan.PULL_ELSE_CACHED : PullPlan.PULL_REQUIRED;
      case ALWAYS -> PullPlan.PULL_REQUIRED;
      case ONCE -> cached && pulledBefore ? PullPlan.USE_CACHED : PullPlan.PULL_REQUIRED;
      case PREFER_CACHED -> cached ? PullPlan.USE_CACHED : PullPlan.PULL_REQUIRED;
    };
  }
}
