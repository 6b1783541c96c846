package dev.gantry.server.ops;

import dev.gantry.model.CreateClusterRequest;
import dev.gantry.model.DeleteAttributesRequest;
import dev.gantry.model.DeleteClusterRequest;
import dev.gantry.model.DeregisterContainerInstanceRequest;
import dev.gantry.model.DescribeClustersRequest;
import dev.gantry.model.DescribeContainerInstancesRequest;
import dev.gantry.model.ListAttributesRequest;
import dev.gantry.model.ListClustersRequest;
import dev.gantry.model.ListContainerInstancesRequest;
import dev.gantry.model.PutAttributesRequest;
import dev.gantry.model.PutClusterCapacityProvidersRequest;
import dev.gantry.model.RegisterContainerInstanceRequest;
import dev.gantry.model.UpdateClusterRequest;
import dev.gantry.model.UpdateClusterSettingsRequest;
import dev.gantry.model.UpdateContainerInstancesStateRequest;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.Operation;
import dev.gantry.server.api.ServerSettings;
import dev.gantry.store.StateStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

/** The cluster, container-instance and attribute operations, wired to one store. */
final class ClusterOperations {
  private ClusterOperations() {}

  static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings) {
    return operations(store, settings, new SecureRandom());
  }

  /** {@code random} makes new container-instance ids. */
  static List<Operation<?, ?>> operations(StateStore store, ServerSettings settings, RandomGenerator random) {
    ArnFormat arns = new ArnFormat(settings.region(), settings.accountId());
    var clusterWrites = new ClusterWriteHandler(store, arns);
    var clusterReads = new ClusterReadHandler(store, arns);
    var registration = new ContainerInstanceRegistration(store, arns, random);
    var instances = new ContainerInstanceHandler(store, arns);
    var attributes = new AttributeHandler(store);
    return List.of(
        Operation.user("CreateCluster", CreateClusterRequest.class, clusterWrites::create),
        Operation.user("DescribeClusters", DescribeClustersRequest.class, clusterReads::describe),
        Operation.user("ListClusters", ListClustersRequest.class, clusterReads::list),
        Operation.user("DeleteCluster", DeleteClusterRequest.class, clusterWrites::delete),
        Operation.user("UpdateCluster", UpdateClusterRequest.class, clusterWrites::update),
        Operation.user("UpdateClusterSettings", UpdateClusterSettingsRequest.class, clusterWrites::updateSettings),
        Operation.user("PutClusterCapacityProviders", PutClusterCapacityProvidersRequest.class,
            clusterWrites::putCapacityProviders),
        Operation.agent("RegisterContainerInstance", RegisterContainerInstanceRequest.class, registration::register),
        Operation.user("DeregisterContainerInstance", DeregisterContainerInstanceRequest.class,
            instances::deregister),
        Operation.user("DescribeContainerInstances", DescribeContainerInstancesRequest.class, instances::describe),
        Operation.user("ListContainerInstances", ListContainerInstancesRequest.class, instances::list),
        Operation.user("UpdateContainerInstancesState", UpdateContainerInstancesStateRequest.class,
            instances::updateState),
        Operation.user("PutAttributes", PutAttributesRequest.class, attributes::put),
        Operation.user("ListAttributes", ListAttributesRequest.class, attributes::list),
        Operation.user("DeleteAttributes", DeleteAttributesRequest.class, attributes::delete));
  }
}
