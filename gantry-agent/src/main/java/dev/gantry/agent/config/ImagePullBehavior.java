package dev.gantry.agent.config;

import java.util.Arrays;
import java.util.Optional;

/** ECS_IMAGE_PULL_BEHAVIOR: when the agent pulls an image rather than using the local copy. */
public enum ImagePullBehavior {
  /** Pull; if the pull fails, use the cached image. */
  DEFAULT("default"),
  /** Pull; if the pull fails, the task fails. */
  ALWAYS("always"),
  /** Pull the first time an image is needed, then use the cache. */
  ONCE("once"),
  /** Pull only when no cached image exists. */
  PREFER_CACHED("prefer-cached");

  private final String value;

  ImagePullBehavior(String value) {
    this.value = value;
  }

  static Optional<ImagePullBehavior> fromValue(String text) {
    return Arrays.stream(values()).filter(b -> b.value.equals(text)).findFirst();
  }

  @Override
  public String toString() {
    return value;
  }
}
