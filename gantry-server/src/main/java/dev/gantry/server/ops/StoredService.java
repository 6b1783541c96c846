package dev.gantry.server.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.model.Service;
import dev.gantry.model.ServiceDeployment;
import java.util.List;

/**
 * A service as kept at {@code Keys.service(cluster, name)}: one record, so that one compare on
 * its mod-revision guards every change to it (a user's UpdateService and the scheduler's plan
 * cannot overwrite each other).
 *
 * <ul>
 *   <li>{@code service}: the Service exactly as DescribeServices returns it, with its
 *       {@code deployments} (PRIMARY first, then ACTIVE ones) and its last 100 {@code events}
 *       (newest first, see {@link ServiceEvents}). The running and pending counts in it are not
 *       authoritative: readers count the service's tasks (group {@code service:<name>},
 *       {@code startedBy} = the deployment id) when they show it, see {@link ServiceTaskCounts}.
 *   <li>{@code clientToken} and {@code requestDigest}: the CreateService call that made it
 *       ("" when none), so that a retried call with the same token and the same members returns
 *       the service instead of failing as a duplicate.
 *   <li>{@code serviceDeployments}: the ServiceDeployment history that ListServiceDeployments
 *       and DescribeServiceDeployments show, newest first, at most
 *       {@link ServiceDeployments#MAX_HISTORY} (those still IN_PROGRESS are never dropped).
 *   <li>{@code schedulerState}: owned by the service scheduler (the reconciler's persisted state:
 *       throttle backoff, circuit-breaker bookkeeping, ...), opaque to the API handlers, which
 *       keep it as it is; an empty object until the scheduler first writes it.
 * </ul>
 */
public record StoredService(Service service, String clientToken, String requestDigest,
    List<ServiceDeployment> serviceDeployments, ObjectNode schedulerState) {

  public StoredService {
    clientToken = clientToken == null ? "" : clientToken;
    requestDigest = requestDigest == null ? "" : requestDigest;
    serviceDeployments = serviceDeployments == null ? List.of() : List.copyOf(serviceDeployments);
    schedulerState = schedulerState == null ? JsonNodeFactory.instance.objectNode() : schedulerState;
  }

  /** A service with no creation token and no history, as tests and other writers store one. */
  public static StoredService of(Service service) {
    return new StoredService(service, "", "", List.of(), null);
  }

  public String status() {
    return service.status();
  }

  public StoredService with(Service changed) {
    return new StoredService(changed, clientToken, requestDigest, serviceDeployments, schedulerState);
  }

  public StoredService with(Service changed, List<ServiceDeployment> history) {
    return new StoredService(changed, clientToken, requestDigest, history, schedulerState);
  }
}
