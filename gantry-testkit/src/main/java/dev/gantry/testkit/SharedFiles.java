package dev.gantry.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the project's {@code shared} folder (design, AWS models, example task definitions),
 * which lives beside the repository rather than inside it.
 *
 * <p>Order: system property {@code gantry.shared}, environment variable {@code GANTRY_SHARED},
 * then walking up from system property {@code gantry.root} (surefire sets it to the repository
 * root) or else {@code user.dir}, taking the first directory whose {@code shared/aws-models}
 * exists. A miss names every place looked at.
 */
public final class SharedFiles {
  static final String PROPERTY = "gantry.shared";
  static final String ENV = "GANTRY_SHARED";
  static final String ROOT_PROPERTY = "gantry.root";

  private SharedFiles() {
  }

  /** The shared folder of this checkout. */
  public static Path root() {
    return locate(Optional.ofNullable(System.getProperty(PROPERTY)), Optional.ofNullable(System.getenv(ENV)),
        Optional.ofNullable(System.getProperty(ROOT_PROPERTY)).filter(s -> !s.isBlank()), System.getProperty("user.dir"));
  }

  /** {@code shared/aws-models}. */
  public static Path awsModels() {
    return root().resolve("aws-models");
  }

  /** The full ECS service model, {@code shared/aws-models/ecs-2014-11-13.json}. */
  public static Path ecsModel() {
    return existing(awsModels().resolve("ecs-2014-11-13.json"));
  }

  /** {@code shared/examples}: realistic task definitions in register-task-definition JSON. */
  public static Path examples() {
    return existing(root().resolve("examples"));
  }

  /** One file of {@code shared/examples}, e.g. {@code example("web-linux.json")}. */
  public static Path example(String name) {
    return existing(examples().resolve(name));
  }

  static Path locate(Optional<String> property, Optional<String> env, Optional<String> gantryRoot, String userDir) {
    if (property.isPresent()) {
      return explicit(property.get(), "system property " + PROPERTY);
    }
    if (env.isPresent()) {
      return explicit(env.get(), "environment variable " + ENV);
    }
    String start = gantryRoot.orElse(userDir);
    List<Path> looked = new ArrayList<>();
    for (Path dir = Path.of(start).toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      looked.add(candidate.resolve("aws-models"));
      if (Files.isDirectory(candidate.resolve("aws-models"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find the shared folder: no shared/aws-models directory at "
        + looked + " (walked up from " + (gantryRoot.isPresent() ? ROOT_PROPERTY : "user.dir") + "=" + start
        + "); set -D" + PROPERTY + "=<path> or " + ENV + "=<path>");
  }

  private static Path explicit(String value, String source) {
    Path path = Path.of(value).toAbsolutePath().normalize();
    if (!Files.isDirectory(path.resolve("aws-models"))) {
      throw new IllegalStateException(source + " is " + value + ", but " + path.resolve("aws-models")
          + " is not a directory; point it at the shared folder");
    }
    return path;
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " does not exist");
    }
    return path;
  }
}
