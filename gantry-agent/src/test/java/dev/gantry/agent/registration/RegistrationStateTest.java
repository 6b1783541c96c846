package dev.gantry.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationStateTest {
  @TempDir
  Path dir;

  @Test
  void savedArnIsReadBackForTheSameClusterAndHost() {
    new RegistrationState(dir.resolve("data"), "c1", "host-a").save("arn:x");
    assertThat(new RegistrationState(dir.resolve("data"), "c1", "host-a").containerInstanceArn()).contains("arn:x");
  }

  @Test
  void anArnOfAnotherClusterOrHostIsNotReused() {
    new RegistrationState(dir, "c1", "host-a").save("arn:x");
    assertThat(new RegistrationState(dir, "c2", "host-a").containerInstanceArn()).isEmpty();
    assertThat(new RegistrationState(dir, "c1", "host-b").containerInstanceArn()).isEmpty();
  }

  @Test
  void hostsSharingADataDirectoryKeepSeparateFiles() {
    new RegistrationState(dir, "c1", "host-a").save("arn:a");
    new RegistrationState(dir, "c1", "host-b").save("arn:b");
    assertThat(new RegistrationState(dir, "c1", "host-a").containerInstanceArn()).contains("arn:a");
    assertThat(new RegistrationState(dir, "c1", "host-b").containerInstanceArn()).contains("arn:b");
  }

  @Test
  void aDamagedFileCountsAsNoneAndIsReplacedOnSave() throws Exception {
    RegistrationState state = new RegistrationState(dir, "c1", "host/../a b");
    assertThat(state.file().getParent()).isEqualTo(dir);
    Files.writeString(state.file(), "{not json");
    assertThat(state.containerInstanceArn()).isEmpty();
    state.save("arn:y");
    assertThat(state.containerInstanceArn()).contains("arn:y");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(state.file());
    }
  }
}
