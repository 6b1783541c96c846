package dev.gantry.server.ops;

import dev.gantry.server.api.Operation;
import dev.gantry.server.api.SignedRoute;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.List;

/** Every ECS operation this server serves, wired to one store. */
public final class Operations {
  private Operations() {}

  /** The Gantry routes beside the ECS API that belong to these operations (agent task health). */
  public static List<SignedRoute<?, ?>> routes(StateStore store) {
    return TaskOperations.routes(store);
  }

  public static List<Operation<?, ?>> all(StateStore store, ServerSettings settings) {
    List<Operation<?, ?>> all = new ArrayList<>();
    all.addAll(ClusterOperations.operations(store, settings));
    all.addAll(TaskDefinitionOperations.operations(store, settings));
    all.addAll(TaskOperations.operations(store, settings));
    all.addAll(ServiceOperations.operations(store, settings));
    all.addAll(new TagOperations(store, settings).operations());
    all.addAll(new AccountSettingOperations(store, settings).operations());
    all.addAll(new PollEndpointOperations(store, settings).operations());
    return List.copyOf(all);
  }
}
