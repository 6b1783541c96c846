package dev.gantry.agent.docker.create;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden comparison itself: a mismatch must say where and show what was produced. */
class GoldenTest {

  @Test
  void aMismatchNamesTheFirstDifferingLineAndShowsTheActualJson() {
    var refused = new CreateConfigResult.Refused(List.of("memory: not what the golden file says"));
    assertThatThrownBy(() -> Golden.assertMatches("linux/minimal", refused))
        .hasMessageContaining("linux/minimal.json at line 2:")
        .hasMessageContaining("expected:   \"Image\" : \"gantry-test/busybox:latest\",")
        .hasMessageContaining("actual:     \"refused\" : [")
        .hasMessageContaining("memory: not what the golden file says")
        .hasMessageContaining("-Dgolden.update=true");
  }

  @Test
  void aMissingGoldenFileShowsTheJsonToReview() {
    var refused = new CreateConfigResult.Refused(List.of("no image"));
    assertThatThrownBy(() -> Golden.assertMatches("no/such-rule", refused))
        .hasMessageContaining("no golden file")
        .hasMessageContaining("\"no image\"");
  }
}
