package dev.gantry.server.ops;

import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.StateStore;
import java.util.List;

/** Every ECS operation this server serves, wired to one store. */
public final class Operations {
  private Operations() {}

  public static List<Operation<?, ?>> all(StateStore store, ServerSettings settings) {
    return List.of();
  }
}
