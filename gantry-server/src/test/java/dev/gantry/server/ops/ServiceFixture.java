package dev.gantry.server.ops;

import static dev.gantry.server.ops.TaskOpsFixture.CLUSTER;

import dev.gantry.model.ContainerInstance;
import dev.gantry.model.CreateServiceRequest;
import dev.gantry.model.CreateServiceResponse;
import dev.gantry.model.DescribeServicesRequest;
import dev.gantry.model.DescribeServicesResponse;
import dev.gantry.model.Service;
import dev.gantry.model.StartTaskRequest;
import dev.gantry.model.StartTaskResponse;
import dev.gantry.model.SubmitTaskStateChangeRequest;
import dev.gantry.model.Task;
import dev.gantry.model.UpdateServiceRequest;
import dev.gantry.model.UpdateServiceResponse;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import dev.gantry.testkit.InMemoryStateStore;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The service operations over a {@link TaskOpsFixture}: cluster {@code prod} with two hosts and
 * the task definition family {@code web}, ready for services. Tasks "of a service" are started
 * with StartTask in the service's group and with its deployment id as startedBy, as the
 * scheduler will start them.
 */
final class ServiceFixture {
  static final String ARN_PREFIX = ClusterOpsFixture.ARN_PREFIX;

  final TaskOpsFixture f;
  final ContainerInstance hostA;
  final ContainerInstance hostB;
  final String web1;

  ServiceFixture() {
    this(new InMemoryStateStore());
  }

  ServiceFixture(StateStore store) {
    f = new TaskOpsFixture(store, 11);
    f.createCluster();
    hostA = f.register("i-a", 4096, 4096);
    hostB = f.register("i-b", 4096, 4096);
    web1 = f.registerFamily("web", 10, 10, 0);
  }

  <I, O> O call(String name, I request) {
    return f.call(name, request);
  }

  Service create(String name, int desiredCount) {
    return create(b -> b.serviceName(name).desiredCount(desiredCount));
  }

  Service create(UnaryOperator<CreateServiceRequest.Builder> request) {
    CreateServiceResponse r = call("CreateService", request.apply(CreateServiceRequest.builder().cluster(CLUSTER)
        .taskDefinition("web")).build());
    return r.service();
  }

  Service update(UnaryOperator<UpdateServiceRequest.Builder> request) {
    UpdateServiceResponse r = call("UpdateService", request.apply(UpdateServiceRequest.builder().cluster(CLUSTER))
        .build());
    return r.service();
  }

  Service describe(String name) {
    DescribeServicesResponse r = call("DescribeServices", DescribeServicesRequest.builder().cluster(CLUSTER)
        .services(List.of(name)).build());
    return r.services().getFirst();
  }

  StoredService stored(String name) {
    return Records.get(f.store, Keys.service(CLUSTER, name), StoredService.class).orElseThrow().value();
  }

  long modRevision(String name) {
    return Records.get(f.store, Keys.service(CLUSTER, name), StoredService.class).orElseThrow().modRevision();
  }

  /** A task of {@code service}'s {@code deploymentId} on host A, PENDING until {@link #running} says otherwise. */
  Task serviceTask(String service, String deploymentId) {
    StartTaskResponse r = call("StartTask", StartTaskRequest.builder().cluster(CLUSTER).taskDefinition(web1)
        .group("service:" + service).startedBy(deploymentId).containerInstances(List.of(hostA.containerInstanceArn()))
        .build());
    return r.tasks().getFirst();
  }

  void reportStatus(Task task, String status) {
    call("SubmitTaskStateChange", SubmitTaskStateChangeRequest.builder().cluster(CLUSTER).task(task.taskArn())
        .status(status).build());
  }
}
