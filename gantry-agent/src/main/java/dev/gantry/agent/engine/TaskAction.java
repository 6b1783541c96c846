package dev.gantry.agent.engine;

import java.util.Optional;

/** One thing the engine does to one container of a task next; {@link TaskReconciler} decides which. */
public sealed interface TaskAction {
  String container();

  /** Make the image present, as ECS_IMAGE_PULL_BEHAVIOR says. */
  record Pull(String container) implements TaskAction {}

  /** Create the Docker container. */
  record Create(String container) implements TaskAction {}

  /** Start the Docker container: its dependencies are satisfied. */
  record Start(String container) implements TaskAction {}

  /** docker stop with the container's stopTimeout: SIGTERM, then SIGKILL. */
  record Stop(String container) implements TaskAction {}

  /** The container will never run: mark it STOPPED without Docker, with a reason if there is one. */
  record Abandon(String container, Optional<String> reason) implements TaskAction {}
}
