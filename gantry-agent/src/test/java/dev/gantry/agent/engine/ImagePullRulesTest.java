package dev.gantry.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.config.ImagePullBehavior;
import dev.gantry.agent.engine.ImagePullRules.PullPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePullRulesTest {
  @ParameterizedTest(name = "{0}, cached={1}, pulled before={2}: {3}")
  @CsvSource({
      "DEFAULT, true, false, PULL_ELSE_CACHED",
      "DEFAULT, true, true, PULL_ELSE_CACHED",
      "DEFAULT, false, false, PULL_REQUIRED",
      "ALWAYS, true, true, PULL_REQUIRED",
      "ALWAYS, false, false, PULL_REQUIRED",
      "ONCE, true, true, USE_CACHED",
      "ONCE, true, false, PULL_REQUIRED",
      "ONCE, false, true, PULL_REQUIRED",
      "PREFER_CACHED, true, false, USE_CACHED",
      "PREFER_CACHED, false, false, PULL_REQUIRED"})
  void followsEcsImagePullBehavior(ImagePullBehavior behavior, boolean cached, boolean pulledBefore,
      PullPlan expected) {
    assertThat(ImagePullRules.plan(behavior, cached, pulledBefore)).isEqualTo(expected);
  }

}
