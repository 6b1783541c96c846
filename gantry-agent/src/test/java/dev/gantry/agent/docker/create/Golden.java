package dev.gantry.agent.docker.create;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Compares a create config (or a refusal) with a reviewed golden JSON file under
 * {@code src/test/resources/golden/}. A mismatch names the first differing line and shows the whole
 * actual JSON. {@code -Dgolden.update=true} rewrites the files; review the diff before committing.
 */
final class Golden {
  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  static String render(CreateConfigResult result) {
    return switch (result) {
      case CreateConfigResult.Built built -> CreateConfigJson.pretty(built.config());
      case CreateConfigResult.Refused refused -> CreateConfigJson.pretty(Map.of("refused", refused.reasons()));
    } + "\n";
  }

  static void assertMatches(String name, CreateConfigResult result) throws IOException {
    Path file = DIR.resolve(name + ".json");
    String actual = render(result);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    if (!Files.exists(file)) {
      fail("no golden file " + file + "; the actual JSON is:\n" + actual
          + "\n(run with -Dgolden.update=true to write it, then review it)");
    }
    String expected = Files.readString(file);
    if (!expected.equals(actual)) {
      fail(difference(file, expected, actual));
    }
  }

  private static String difference(Path file, String expected, String actual) {
    String[] want = expected.split("\n", -1);
    String[] got = actual.split("\n", -1);
    int line = 0;
    while (line < want.length && line < got.length && want[line].equals(got[line])) {
      line++;
    }
    return "create config differs from " + file + " at line " + (line + 1) + ":\n"
        + "  expected: " + (line < want.length ? want[line] : "<end of file>") + "\n"
        + "  actual:   " + (line < got.length ? got[line] : "<end of file>") + "\n"
        + "actual JSON:\n" + actual
        + "(if the change is intended, run with -Dgolden.update=true and review the diff)";
  }
}
