package dev.gantry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFilesTest {
  @TempDir
  Path tmp;

  /** tmp/work/shared/aws-models beside tmp/work/wt/testkit, the layout of a worktree checkout. */
  private Path worktreeLayout() throws IOException {
    Files.createDirectories(tmp.resolve("work/shared/aws-models"));
    return Files.createDirectories(tmp.resolve("work/wt/testkit/gantry-testkit"));
  }

  @Test
  void walksUpFromTheRepositoryRootToASiblingSharedFolder() throws IOException {
    Path module = worktreeLayout();

    assertThat(SharedFiles.locate(Optional.empty(), Optional.empty(), Optional.of(module.getParent().toString()), "/"))
        .isEqualTo(tmp.resolve("work/shared"));
  }

  @Test
  void walksUpFromTheWorkingDirectoryWithoutARepositoryRoot() throws IOException {
    Path module = worktreeLayout();

    assertThat(SharedFiles.locate(Optional.empty(), Optional.empty(), Optional.empty(), module.toString()))
        .isEqualTo(tmp.resolve("work/shared"));
  }

  @Test
  void prefersTheSystemPropertyThenTheEnvironment() throws IOException {
    Path module = worktreeLayout();
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/aws-models")).getParent();
    Path other = Files.createDirectories(tmp.resolve("other/aws-models")).getParent();

    assertThat(SharedFiles.locate(Optional.of(elsewhere.toString()), Optional.of(other.toString()),
        Optional.of(module.toString()), "/")).isEqualTo(elsewhere);
    assertThat(SharedFiles.locate(Optional.empty(), Optional.of(other.toString()), Optional.of(module.toString()), "/"))
        .isEqualTo(other);
  }

  @Test
  void namesTheDirectoryAnExplicitSettingPointsAtWhenItHasNoModels() {
    assertThatThrownBy(() -> SharedFiles.locate(Optional.of(tmp.toString()), Optional.empty(), Optional.empty(), "/"))
        .hasMessageContaining("system property gantry.shared is " + tmp)
        .hasMessageContaining(tmp.resolve("aws-models").toString());
  }

  @Test
  void namesEveryPlaceItLookedWhenNothingIsFound() throws IOException {
    Path start = Files.createDirectories(tmp.resolve("a/b"));

    assertThatThrownBy(() -> SharedFiles.locate(Optional.empty(), Optional.empty(), Optional.of(start.toString()), "/"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(start.resolve("shared/aws-models").toString())
        .hasMessageContaining(tmp.resolve("a/shared/aws-models").toString())
        .hasMessageContaining("gantry.root=" + start)
        .hasMessageContaining("-Dgantry.shared=");
  }

  @Test
  void findsThisCheckoutsSharedFolderAndItsExamples() {
    assertThat(SharedFiles.ecsModel()).isRegularFile();
    assertThat(SharedFiles.example("web-linux.json")).isRegularFile();
    assertThatThrownBy(() -> SharedFiles.example("no-such-example.json")).hasMessageContaining("does not exist");
  }
}
