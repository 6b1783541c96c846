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
