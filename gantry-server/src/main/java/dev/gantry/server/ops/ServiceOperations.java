package dev.gantry.server.ops;

import dev.gantry.model.CreateServiceRequest;
import dev.gantry.model.DeleteServiceRequest;
import dev.gantry.model.DescribeServiceDeploymentsRequest;
import dev.gantry.model.DescribeServicesRequest;
import dev.gantry.model.ListServiceDeploymentsRequest;
import dev.gantry.model.ListServicesRequest;
import dev.gantry.model.UpdateServiceRequest;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.StateStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

/** The service operations, wired to one store. Starting and stopping the tasks is the scheduler's work. */
final class ServiceOperations {
  private ServiceOperations() {}

  static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings) {
    return operations(store, settings, new SecureRandom());
  }

  /** {@code random} makes deployment ids and event ids. */
  static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings, RandomGenerator random) {
    ArnFormat arns = new ArnFormat(settings.region(), settings.accountId());
    var creates = new ServiceCreateHandler(store, arns, random);
    var updates = new ServiceUpdateHandler(store, arns, random);
    var reads = new ServiceReadHandler(store, arns);
    var deployments = new ServiceDeploymentHandler(store);
    return List.of(
        Operation.user("CreateService", CreateServiceRequest.class, creates::create),
        Operation.user("UpdateService", UpdateServiceRequest.class, updates::update),
        Operation.user("DeleteService", DeleteServiceRequest.class, updates::delete),
        Operation.user("DescribeServices", DescribeServicesRequest.class, reads::describe),
        Operation.user("ListServices", ListServicesRequest.class, reads::list),
        Operation.user("ListServiceDeployments", ListServiceDeploymentsRequest.class, deployments::list),
        Operation.user("DescribeServiceDeployments", DescribeServiceDeploymentsRequest.class, deployments::describe));
  }
}
