package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs scripts/smoke-awscli: a real {@code gantry server} process driven by Debian's AWS CLI
 * (/usr/bin/aws). The script prints one line per check; they are echoed here as they come and
 * kept for the failure message.
 */
class AwsCliSmokeTest {
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Test
  void theAwsCliScenarioPasses() throws Exception {
    assumeTrue(Files.isExecutable(AWS),
        AWS + " is absent: install Debian's awscli (scripts/test does so as root)");
    Path root = Path.of(System.getProperty("gantry.root", "..")).toAbsolutePath().normalize();
    ProcessBuilder builder = new ProcessBuilder(root.resolve("scripts/smoke-awscli").toString())
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("AWS", AWS.toString());
    // the same override testkit's SharedFiles honours; otherwise the script takes ../shared
    String shared = System.getProperty("gantry.shared");
    if (shared != null) {
      builder.environment().put("GANTRY_SHARED", shared);
    }
    // the reactor packaged gantry-cli just before this module; a nested build would race it
    builder.environment().put("GANTRY_SKIP_BUILD", "1");
    // the JDK running this test is new enough; bin/gantry takes JAVA_HOME when it is
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));

    Process smoke = builder.start();
    StringBuffer output = new StringBuffer();
    Thread echo = Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(smoke.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          System.out.println(line);
          output.append(line).append('\n');
        }
      } catch (IOException e) {
        output.append("(reading the output failed: ").append(e).append(")\n");
      }
    });
    boolean finished = smoke.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      List<ProcessHandle> children = smoke.descendants().toList();
      smoke.destroy(); // SIGTERM: the script's trap stops the server
      if (!smoke.waitFor(15, TimeUnit.SECONDS)) {
        smoke.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
    echo.join(Duration.ofSeconds(10));

    assertThat(finished).as("scripts/smoke-awscli finished within %s; its output:%n%s", TIMEOUT, output)
        .isTrue();
    assertThat(smoke.exitValue()).as("scripts/smoke-awscli exit status; its output:%n%s", output)
        .isZero();
  }
}
