package dev.gantry.server.ops;

import dev.gantry.model.DescribeServicesRequest;
import dev.gantry.model.DescribeServicesResponse;
import dev.gantry.model.Failure;
import dev.gantry.model.ListServicesRequest;
import dev.gantry.model.ListServicesResponse;
import dev.gantry.model.ResourceManagementType;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceField;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.server.api.CallContext;
import dev.gantry.server.api.EcsException;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * DescribeServices (up to 10 names or ARNs, in any status, so deleted services stay visible;
 * unknown ones in {@code failures} as MISSING; tags only with {@code include: TAGS}) and
 * ListServices (ACTIVE services only, as ECS hides DRAINING and INACTIVE ones; filtered by
 * launch type and scheduling strategy; pages of up to 100, 10 by default).
 */
final class ServiceReadHandler {
  static final int MAX_DESCRIBE = 10;
  static final int LIST_DEFAULT = 10;
  static final int LIST_MAX = 100;

  private final StateStore store;
  private final ArnFormat arns;

  ServiceReadHandler(StateStore store, ArnFormat arns) {
    this.store = store;
    this.arns = arns;
  }

  DescribeServicesResponse describe(DescribeServicesRequest r, CallContext context) {
    List<String> refs = r.services();
    if (refs == null || refs.isEmpty() || refs.size() > MAX_DESCRIBE) {
      throw EcsException.invalidParameter("services must list 1 to " + MAX_DESCRIBE + " service names or ARNs; got "
          + (refs == null ? 0 : refs.size()) + ".");
    }
    String cluster = Clusters.require(store, r.cluster()).value().clusterName();
    boolean tags = Members.enumSet(ServiceField.class, r.include()).contains(ServiceField.TAGS);
    ServiceTaskCounts counts = ServiceTaskCounts.read(store, cluster);
    Map<String, Service> found = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : refs) {
      Optional<StoredService> service = Services.name(cluster, ref)
          .flatMap(name -> Services.find(store, cluster, name))
          .map(Records.Versioned::value);
      if (service.isPresent()) {
        Service s = service.get().service();
        found.putIfAbsent(s.serviceArn(), ServiceView.render(arns, s, counts, tags));
      } else {
        failures.add(Failures.missing(Services.failureArn(arns, cluster, ref)));
      }
    }
    return DescribeServicesResponse.builder().services(new ArrayList<>(found.values())).failures(failures).build();
  }

  ListServicesResponse list(ListServicesRequest r, CallContext context) {
    int max = r.maxResults() == null ? LIST_DEFAULT : Pagination.maxResults(r.maxResults(), LIST_MAX);
    String cluster = Clusters.require(store, r.cluster()).value().clusterName();
    Predicate<Service> wanted = s -> Services.ACTIVE.equals(s.status());
    if (r.launchType() != null) {
      wanted = wanted.and(s -> r.launchType() == s.launchType());
    }
    if (r.schedulingStrategy() != null) {
      wanted = wanted.and(s -> r.schedulingStrategy() == ServiceRules.schedulingStrategy(s.schedulingStrategy()));
    }
    if (r.resourceManagementType() == ResourceManagementType.ECS) {
      // Gantry has no services that ECS manages for the user (Express services): every one is CUSTOMER's.
      wanted = s -> false;
    }
    Predicate<Service> filter = wanted;
    Pagination.Page<String> page = Pagination.page(store, Keys.services(cluster), r.nextToken(), max, false, kv -> {
      Service s = Records.decode(kv, StoredService.class).service();
      return filter.test(s) ? Optional.of(s.serviceArn()) : Optional.empty();
    });
    return ListServicesResponse.builder().serviceArns(page.items()).nextToken(page.nextTokenOrNull()).build();
  }
}
