package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RootCredentialsTest {
  private static final String KEY = "GANTRY_ROOT_ACCESS_KEY_ID";
  private static final String SECRET = "GANTRY_ROOT_SECRET_ACCESS_KEY";

  @Property
  void generatedPairsLookLikeAwsKeysAndPassValidation(@ForAll long seed) {
    RootCredentials generated = RootCredentials.generate(new SplittableRandom(seed));

    assertThat(generated.accessKeyId()).matches("AKIA[A-Z0-9]{16}");
    assertThat(generated.secretAccessKey()).matches("[A-Za-z0-9]{40}");
    assertThat(RootCredentials.from(Map.of(KEY, generated.accessKeyId(),
        SECRET, generated.secretAccessKey())))
        .isEqualTo(new RootCredentials.Lookup.Found(generated));
  }

  @Test
  void differentRandomnessGivesDifferentPairs() {
    assertThat(RootCredentials.generate(new SplittableRandom(1)))
        .isNotEqualTo(RootCredentials.generate(new SplittableRandom(2)));
  }

  @Test
  void toStringHidesTheSecret() {
    RootCredentials credentials = new RootCredentials("AKIAIOSFODNN7EXAMPLE", "verysecretvalue12345");

    assertThat(credentials.toString()).contains("AKIAIOSFODNN7EXAMPLE").doesNotContain("verysecret");
  }

  @Test
  void namesEveryMissingOrBlankVariable() {
    assertThat(RootCredentials.from(Map.of())).isEqualTo(
        new RootCredentials.Lookup.Missing(List.of(KEY, SECRET)));
    assertThat(RootCredentials.from(Map.of(KEY, " ", SECRET, "wJalrXUtnFEMI/K7MDENG"))).isEqualTo(
        new RootCredentials.Lookup.Missing(List.of(KEY)));
  }

  @Test
  void trimsSurroundingWhitespace() {
    assertThat(RootCredentials.from(Map.of(KEY, " AKIAIOSFODNN7EXAMPLE\t", SECRET, " 0123456789abcdef ")))
        .isEqualTo(new RootCredentials.Lookup.Found(
            new RootCredentials("AKIAIOSFODNN7EXAMPLE", "0123456789abcdef")));
  }

  @ParameterizedTest(name = "key {0} / secret {1} is invalid: {2}")
  @CsvSource(delimiter = '|', value = {
      "AKIA123                | 0123456789abcdef   | GANTRY_ROOT_ACCESS_KEY_ID 'AKIA123' is not valid",
      "AKIA/IOSFODNN7EXAMPLE  | 0123456789abcdef   | GANTRY_ROOT_ACCESS_KEY_ID 'AKIA/IOSFODNN7EXAMPLE' is not valid",
      "AKIAIOSFODNN7EXAMPLE   | short              | GANTRY_ROOT_SECRET_ACCESS_KEY is not valid: it has 5 characters",
      "AKIAIOSFODNN7EXAMPLE   | with space inside! | GANTRY_ROOT_SECRET_ACCESS_KEY is not valid: it has 18 characters"})
  void rejectsMalformedValuesNamingTheVariable(String key, String secret, String message) {
    RootCredentials.Lookup lookup = RootCredentials.from(Map.of(KEY, key, SECRET, secret));

    assertThat(lookup).isInstanceOfSatisfying(RootCredentials.Lookup.Invalid.class,
        invalid -> assertThat(invalid.message()).startsWith(message).doesNotContain(secret));
  }
}
