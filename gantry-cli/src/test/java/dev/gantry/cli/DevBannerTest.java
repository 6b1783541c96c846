package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DevBannerTest {
  private static final RootCredentials PAIR = RootCredentials.generate(new SplittableRandom(42));

  private final List<String> lines =
      DevBanner.lines("http://127.0.0.1:7777", PAIR, "eu-west-1", Path.of("/home/me/.gantry"));

  @Test
  void startsWithTheEndpointAndDataDir() {
    assertThat(lines.getFirst()).contains("http://127.0.0.1:7777", "/home/me/.gantry");
  }

  @Test
  void givesAnExampleCommandAgainstTheEndpoint() {
    assertThat(lines).contains("aws ecs list-clusters --endpoint-url http://127.0.0.1:7777");
  }

  @Test
  void exportLinePastedIntoBashSetsTheAwsVariables() throws Exception {
    String exportLine = lines.stream().filter(line -> line.startsWith("export ")).findFirst().orElseThrow();
    Process bash = new ProcessBuilder("bash", "-c",
        exportLine + "; printf '%s %s %s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_DEFAULT_REGION\"")
        .redirectErrorStream(true)
        .start();
    String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(printed).isEqualTo(PAIR.accessKeyId() + " " + PAIR.secretAccessKey() + " eu-west-1");
  }

  @Test
  void everyOtherLineIsHarmlessWhenPastedIntoAShell() {
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line).matches("(#|export |aws ).*"));
  }
}
