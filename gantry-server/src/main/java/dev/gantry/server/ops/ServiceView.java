package dev.gantry.server.ops;

import dev.gantry.model.Deployment;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceCurrentRevisionSummary;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceRevisionSummary;
import dev.gantry.model.arn.ArnFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stored service as an operation returns it: running and pending counts of the service and
 * of each deployment (and of the revisions a ServiceDeployment names, while their deployment is
 * still one of the service's) taken from its tasks, and tags only when asked for, as
 * DescribeServices' {@code include} controls them.
 */
final class ServiceView {
  private ServiceView() {}

  static Service render(ArnFormat arns, Service stored, ServiceTaskCounts counts, boolean withTags) {
    String name = stored.serviceName();
    String cluster = clusterName(stored);
    ServiceTaskCounts.Counts total = counts.service(name);
    List<Deployment> deployments = new ArrayList<>();
    List<ServiceCurrentRevisionSummary> revisions = new ArrayList<>();
    for (Deployment d : Members.orEmpty(stored.deployments())) {
      ServiceTaskCounts.Counts c = counts.deployment(name, d.id());
      Deployment live = d.toBuilder().runningCount(c.running()).pendingCount(c.pending()).build();
      deployments.add(live);
      revisions.add(ServiceDeployments.currentRevision(arns, cluster, name, live));
    }
    return stored.toBuilder()
        .runningCount(total.running())
        .pendingCount(total.pending())
        .deployments(deployments)
        .currentServiceRevisions(revisions)
        .tags(withTags ? Members.orEmpty(stored.tags()) : null)
        .build();
  }

  /** {@code d} with the counts of the revisions that still belong to one of {@code service}'s deployments. */
  static ServiceDeployment render(ServiceDeployment d, Service service, ServiceTaskCounts counts) {
    ServiceDeployment.Builder b = d.toBuilder();
    if (d.targetServiceRevision() != null) {
      b.targetServiceRevision(live(d.targetServiceRevision(), service, counts));
    }
    if (d.sourceServiceRevisions() != null) {
      b.sourceServiceRevisions(d.sourceServiceRevisions().stream().map(r -> live(r, service, counts)).toList());
    }
    return b.build();
  }

  private static ServiceRevisionSummary live(ServiceRevisionSummary r, Service service, ServiceTaskCounts counts) {
    Optional<String> id = ServiceDeployments.deploymentIdOfRevision(r.arn())
        .filter(i -> Members.orEmpty(service.deployments()).stream().anyMatch(d -> i.equals(d.id())));
    if (id.isEmpty()) {
      return r;
    }
    ServiceTaskCounts.Counts c = counts.deployment(service.serviceName(), id.get());
    return r.toBuilder().runningTaskCount(c.running()).pendingTaskCount(c.pending()).build();
  }

  static String clusterName(Service service) {
    String arn = service.clusterArn();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
