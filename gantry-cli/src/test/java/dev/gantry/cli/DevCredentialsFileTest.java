package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCredentialsFileTest {
  @TempDir Path workingDirectory;

  @Test
  void createsTheDirectoryAndAnOwnerOnlyFileOnFirstUse() throws Exception {
    Path dataDir = workingDirectory.resolve(".gantry");

    RootCredentials created = DevCredentialsFile.loadOrCreate(dataDir, new SplittableRandom(7));

    Path file = dataDir.resolve("credentials");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(CredentialsFileCodec.decode(Files.readString(file)))
        .isEqualTo(new CredentialsFileCodec.Decoded.Ok(created));
    try (var entries = Files.list(dataDir)) {
      assertThat(entries).containsExactly(file);
    }
  }

  @Test
  void reusesThePairOnLaterRuns() {
    Path dataDir = workingDirectory.resolve(".gantry");
    RootCredentials first = DevCredentialsFile.loadOrCreate(dataDir, new SplittableRandom(1));

    RootCredentials second = DevCredentialsFile.loadOrCreate(dataDir, new SplittableRandom(2));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void usesAnExistingDirectoryAsItIs() throws Exception {
    Path dataDir = Files.createDirectory(workingDirectory.resolve("state"));

    DevCredentialsFile.loadOrCreate(dataDir, new SplittableRandom(3));

    assertThat(dataDir.resolve("credentials")).isRegularFile();
  }

  @Test
  void refusesAnInvalidFileNamingItAndTheProblem() throws Exception {
    Path dataDir = Files.createDirectory(workingDirectory.resolve(".gantry"));
    Path file = Files.writeString(dataDir.resolve("credentials"), "GANTRY_ROOT_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");

    assertThatThrownBy(() -> DevCredentialsFile.loadOrCreate(dataDir, new SplittableRandom(4)))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("it has no GANTRY_ROOT_SECRET_ACCESS_KEY")
        .hasMessageContaining("delete it");
    assertThat(Files.readString(file)).isEqualTo("GANTRY_ROOT_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
  }
}
