package dev.gantry.server.ops;

import dev.gantry.model.CreatedAt;
import dev.gantry.model.DescribeServiceDeploymentsRequest;
import dev.gantry.model.DescribeServiceDeploymentsResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.ListServiceDeploymentsRequest;
import dev.gantry.model.ListServiceDeploymentsResponse;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceDeploymentBrief;
import dev.gantry.model.ServiceDeploymentStatus;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ListServiceDeployments and DescribeServiceDeployments over the history each service keeps
 * (newest first, see {@link StoredService}). A listing pages through one service's history; its
 * nextToken carries the creation time and ARN of the last entry returned, so a page stays
 * right when a new deployment starts between two calls (it goes in front, before the page).
 */
final class ServiceDeploymentHandler {
  static final int LIST_DEFAULT = 20;
  static final int LIST_MAX = 100;
  static final int MAX_DESCRIBE = 20;
  private static final String TOKEN_KIND = "sd1:";

  private final StateStore store;

  ServiceDeploymentHandler(StateStore store) {
    this.store = store;
  }

  ListServiceDeploymentsResponse list(ListServiceDeploymentsRequest r, CallContext context) {
    int max = r.maxResults() == null ? LIST_DEFAULT : Pagination.maxResults(r.maxResults(), LIST_MAX);
    String cluster = Clusters.require(store, clusterOf(r)).value().clusterName();
    StoredService service = Services.require(store, cluster, "service", r.service()).value();
    Predicate<ServiceDeployment> wanted = filter(r.status(), r.createdAt());
    List<ServiceDeployment> history = service.serviceDeployments();
    int start = r.nextToken() == null || r.nextToken().isEmpty() ? 0 : resume(history, r.nextToken());
    List<ServiceDeploymentBrief> items = new ArrayList<>();
    int last = -1;
    for (int i = start; i < history.size(); i++) {
      ServiceDeployment d = history.get(i);
      if (!wanted.test(d)) {
        continue;
      }
      if (items.size() == max) {
        ServiceDeployment l = history.get(last);
        return response(items, Pagination.token(TOKEN_KIND, l.createdAt().toEpochMilli() + "|"
            + l.serviceDeploymentArn()));
      }
      items.add(brief(d));
      last = i;
    }
    return response(items, null);
  }

  /** The cluster the call names; without one, the cluster a service ARN names, else the default. */
  private static String clusterOf(ListServiceDeploymentsRequest r) {
    if (r.cluster() != null) {
      return r.cluster();
    }
    return Services.ref(r.service()).flatMap(Services.Ref::clusterName).orElse(null);
  }

  private static ListServiceDeploymentsResponse response(List<ServiceDeploymentBrief> items, String nextToken) {
    return ListServiceDeploymentsResponse.builder().serviceDeployments(items).nextToken(nextToken).build();
  }

  private static Predicate<ServiceDeployment> filter(List<ServiceDeploymentStatus> statuses, CreatedAt createdAt) {
    Set<ServiceDeploymentStatus> wanted = Members.enumSet(ServiceDeploymentStatus.class, statuses);
    Predicate<ServiceDeployment> p = d -> wanted.isEmpty() || wanted.contains(d.status());
    if (createdAt != null && createdAt.after() != null) {
      Instant after = createdAt.after();
      p = p.and(d -> d.createdAt().isAfter(after));
    }
    if (createdAt != null && createdAt.before() != null) {
      Instant before = createdAt.before();
      p = p.and(d -> d.createdAt().isBefore(before));
    }
    return p;
  }

  /**
   * Where a listing resumes: after the entry the token names, or, if that one has since been
   * dropped from the bounded history, at the first entry created before it.
   */
  private static int resume(List<ServiceDeployment> history, String token) {
    String position = Pagination.position(TOKEN_KIND, token).filter(p -> p.matches("\\d{1,18}\\|.+"))
        .orElseThrow(() -> EcsException.invalidParameter("nextToken is not valid for ListServiceDeployments: pass "
            + "back the nextToken value of the previous response of the same call unchanged."));
    int bar = position.indexOf('|');
    Instant createdAt = Instant.ofEpochMilli(Long.parseLong(position.substring(0, bar)));
    int at = indexOf(history, position.substring(bar + 1));
    if (at >= 0) {
      return at + 1;
    }
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).createdAt().isBefore(createdAt)) {
        return i;
      }
    }
    return history.size();
  }

  private static int indexOf(List<ServiceDeployment> history, String arn) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).serviceDeploymentArn().equals(arn)) {
        return i;
      }
    }
    return -1;
  }

  private static ServiceDeploymentBrief brief(ServiceDeployment d) {
    return ServiceDeploymentBrief.builder()
        .serviceDeploymentArn(d.serviceDeploymentArn())
        .serviceArn(d.serviceArn())
        .clusterArn(d.clusterArn())
        .startedAt(d.startedAt())
        .createdAt(d.createdAt())
        .finishedAt(d.finishedAt())
        .targetServiceRevisionArn(d.targetServiceRevision() == null ? null : d.targetServiceRevision().arn())
        .status(d.status())
        .statusReason(d.statusReason())
        .build();
  }

  DescribeServiceDeploymentsResponse describe(DescribeServiceDeploymentsRequest r, CallContext context) {
    List<String> refs = r.serviceDeploymentArns();
    if (refs == null || refs.isEmpty() || refs.size() > MAX_DESCRIBE) {
      throw EcsException.invalidParameter("serviceDeploymentArns must list 1 to " + MAX_DESCRIBE + " service "
          + "deployment ARNs; got " + (refs == null ? 0 : refs.size()) + ".");
    }
    Map<String, ServiceTaskCounts> countsByCluster = new HashMap<>();
    Map<String, ServiceDeployment> found = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    for (String arn : refs) {
      ServiceDeployments.DeploymentArn parsed = ServiceDeployments.parseArn(arn).orElseThrow(() ->
          EcsException.invalidParameter("serviceDeploymentArns contains '" + arn + "', which is not a service "
              + "deployment ARN (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>)."));
      Optional<StoredService> service = Services.find(store, parsed.clusterName(), parsed.serviceName())
          .map(Records.Versioned::value);
      Optional<ServiceDeployment> deployment = service.flatMap(s -> s.serviceDeployments().stream()
          .filter(d -> d.serviceDeploymentArn().endsWith("/" + parsed.clusterName() + "/" + parsed.serviceName()
              + "/" + parsed.id()))
          .findFirst());
      if (deployment.isEmpty()) {
        failures.add(Failures.missing(arn));
        continue;
      }
      ServiceTaskCounts counts = countsByCluster.computeIfAbsent(parsed.clusterName(),
          c -> ServiceTaskCounts.read(store, c));
      found.putIfAbsent(deployment.get().serviceDeploymentArn(),
          ServiceView.render(deployment.get(), service.get().service(), counts));
    }
    return DescribeServiceDeploymentsResponse.builder().serviceDeployments(new ArrayList<>(found.values()))
        .failures(failures).build();
  }
}
