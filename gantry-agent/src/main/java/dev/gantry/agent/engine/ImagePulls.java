package dev.gantry.agent.engine;

import dev.gantry.agent.engine.ContainerRuntime.RuntimeFailure;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's image pulls, shared by its tasks. Goal: a service that lands 50 tasks of one
 * image on this host costs Docker (and the registry, whose pull limits count manifest requests)
 * one pull, not 50 concurrent ones queued behind each other in dockerd.
 *
 * <p>Algorithm (single flight per image reference): the first task to ask pulls; a task that asks
 * while that pull is in flight waits for it and takes its outcome, success or failure, as
 * Docker itself does when a second client pulls a reference already being pulled. A pull that
 * has finished is never reused: the next task to ask pulls again, so ECS_IMAGE_PULL_BEHAVIOR
 * {@code default} and {@code always} still see a pushed tag at the next launch.
 * {@link #pulledBefore} remembers the images pulled successfully, for {@code once}.
 */
final class ImagePulls {
  private final ContainerRuntime runtime;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final Set<String> pulled = ConcurrentHashMap.newKeySet();

  ImagePulls(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  /** Makes sure {@code image} has been pulled since this call began, or joins the pull in flight. */
  void pull(String image) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = inFlight.putIfAbsent(image, mine);
    if (running != null) {
      join(running);
      return;
    }
    try {
      runtime.pull(image);
      pulled.add(image);
      mine.complete(null);
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(image, mine);
    }
  }

  /** Whether this engine has pulled {@code image} successfully before. */
  boolean pulledBefore(String image) {
    return pulled.contains(image);
  }

  private static void join(CompletableFuture<Void> pull) {
    try {
      pull.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeFailure f) {
        throw new RuntimeFailure(f.getMessage(), f.status(), f);
      }
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
