package dev.gantry.server.ops;

import dev.gantry.model.DeleteTaskDefinitionsRequest;
import dev.gantry.model.DeregisterTaskDefinitionRequest;
import dev.gantry.model.DescribeTaskDefinitionRequest;
import dev.gantry.model.ListTaskDefinitionFamiliesRequest;
import dev.gantry.model.ListTaskDefinitionsRequest;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.StateStore;
import java.util.List;

/** The task definition operations, wired to one store; the writers share one set of family locks. */
public final class TaskDefinitionOperations {
  private TaskDefinitionOperations() {}

  public static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings) {
    ArnFormat arns = new ArnFormat(settings.region(), settings.accountId());
    FamilyLocks locks = new FamilyLocks();
    return List.of(
        Operation.user("RegisterTaskDefinition", RegisterTaskDefinitionRequest.class,
            new RegisterTaskDefinitionHandler(store, arns, locks)),
        Operation.user("DescribeTaskDefinition", DescribeTaskDefinitionRequest.class,
            new DescribeTaskDefinitionHandler(store)),
        Operation.user("ListTaskDefinitions", ListTaskDefinitionsRequest.class,
            new ListTaskDefinitionsHandler(store)),
        Operation.user("ListTaskDefinitionFamilies", ListTaskDefinitionFamiliesRequest.class,
            new ListTaskDefinitionFamiliesHandler(store)),
        Operation.user("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest.class,
            new DeregisterTaskDefinitionHandler(store, locks)),
        Operation.user("DeleteTaskDefinitions", DeleteTaskDefinitionsRequest.class,
            new DeleteTaskDefinitionsHandler(store, arns, locks)));
  }
}
