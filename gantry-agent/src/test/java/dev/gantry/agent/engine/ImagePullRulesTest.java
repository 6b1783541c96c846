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

  @ParameterizedTest(name = "{0}, pulled before={1}: pulls first={2}")
  @CsvSource({
      "DEFAULT, false, true",
      "DEFAULT, true, true",
      "ALWAYS, false, true",
      "ALWAYS, true, true",
      "ONCE, false, true",
      "ONCE, true, false",
      "PREFER_CACHED, false, false",
      "PREFER_CACHED, true, false"})
  void looksAtTheCacheFirstOnlyWhenThePlanDependsOnIt(ImagePullBehavior behavior, boolean pulledBefore,
      boolean pullsFirst) {
    assertThat(ImagePullRules.pullsFirst(behavior, pulledBefore)).isEqualTo(pullsFirst);
    if (pullsFirst) {
      // the cache may wait for a failed pull only if, cached or not, the plan pulls
      assertThat(ImagePullRules.plan(behavior, true, pulledBefore)).isNotEqualTo(PullPlan.USE_CACHED);
      assertThat(ImagePullRules.plan(behavior, false, pulledBefore)).isNotEqualTo(PullPlan.USE_CACHED);
    }
  }

}
