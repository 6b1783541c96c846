package dev.gantry.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  @ParameterizedTest(name = "after {0} failures: {1}..{2} ms")
  @CsvSource({"0, 0, 0", "1, 80, 100", "2, 160, 200", "3, 320, 400", "5, 1280, 1600", "6, 1600, 2000",
      "60, 1600, 2000"})
  void doublesUpToTheCapWithAFifthOfJitter(int failures, long min, long max) {
    RandomGenerator random = new SplittableRandom(failures);
    for (int i = 0; i < 50; i++) {
      assertThat(BACKOFF.delay(failures, random).toMillis()).isBetween(min, max);
    }
  }
}
