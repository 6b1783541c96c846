package dev.gantry.server.ops;

import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import dev.gantry.store.Keys;
import dev.gantry.store.StateStore;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finding the services of one cluster by what users pass: the name, the ARN
 * ({@code service/<cluster>/<name>}), or ECS's old ARN form without the cluster
 * ({@code service/<name>}). An ARN naming another cluster does not match. Missing services
 * are ServiceNotFoundException, deleted ones (DRAINING or INACTIVE) ServiceNotActiveException
 * where a call needs an ACTIVE one, as ECS reports them.
 */
final class Services {
  static final String ACTIVE = "ACTIVE";
  static final String DRAINING = "DRAINING";
  static final String INACTIVE = "INACTIVE";
  private static final Pattern OLD_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]*:\\d{12}:service/"
      + "([A-Za-z0-9_-]{1,255})");

  private Services() {}

  /** A service as a request names it: its name, and the cluster its ARN carries (none for a name or the old ARN). */
  record Ref(Optional<String> clusterName, String name) {}

  /** What {@code text} names, or empty when it is neither a service name nor a service ARN. */
  static Optional<Ref> ref(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.startsWith("arn:")) {
      return EcsArn.NAME.matcher(text).matches() ? Optional.of(new Ref(Optional.empty(), text)) : Optional.empty();
    }
    Matcher old = OLD_ARN.matcher(text);
    if (old.matches()) {
      return Optional.of(new Ref(Optional.empty(), old.group(1)));
    }
    return EcsArn.parse(text)
        .filter(EcsArn.Service.class::isInstance)
        .map(EcsArn.Service.class::cast)
        .map(arn -> new Ref(Optional.of(arn.clusterName()), arn.serviceName()));
  }

  /** The service name {@code text} names within {@code clusterName}, or empty when it cannot name one there. */
  static Optional<String> name(String clusterName, String text) {
    return ref(text).filter(r -> r.clusterName().map(clusterName::equals).orElse(true)).map(Ref::name);
  }

  /**
   * The service name a call's {@code member} names in {@code clusterName}: InvalidParameterException
   * when it is missing or malformed, ServiceNotFoundException when it is an ARN of another cluster.
   */
  static String requireName(String clusterName, String member, String text) {
    if (text == null || text.isEmpty()) {
      throw EcsException.invalidParameter(member + " is required: give the service name or ARN.");
    }
    Ref ref = ref(text).orElseThrow(() -> EcsException.invalidParameter(member + " '" + text + "' is not a service "
        + "name (1-255 letters, numbers, hyphens and underscores) or a service ARN."));
    if (ref.clusterName().isPresent() && !ref.clusterName().get().equals(clusterName)) {
      throw notFound(clusterName, text);
    }
    return ref.name();
  }

  static Optional<Records.Versioned<StoredService>> find(StateStore store, String clusterName, String name) {
    return Records.get(store, Keys.service(clusterName, name), StoredService.class);
  }

  /** The service {@code member} names, in any status; ServiceNotFoundException when there is none. */
  static Records.Versioned<StoredService> require(StateStore store, String clusterName, String member, String text) {
    String name = requireName(clusterName, member, text);
    return find(store, clusterName, name).orElseThrow(() -> notFound(clusterName, text));
  }

  /** The ACTIVE service {@code member} names; ServiceNotActiveException for a deleted one. */
  static Records.Versioned<StoredService> requireActive(StateStore store, String clusterName, String member,
      String text) {
    Records.Versioned<StoredService> found = require(store, clusterName, member, text);
    String status = found.value().status();
    if (!ACTIVE.equals(status)) {
      throw new EcsException(ErrorType.ServiceNotActiveException, "Service was not ACTIVE: service '"
          + found.value().service().serviceName() + "' in cluster '" + clusterName + "' is " + status
          + " (it was deleted); create it again with CreateService once it is INACTIVE.");
    }
    return found;
  }

  static EcsException notFound(String clusterName, String text) {
    return new EcsException(ErrorType.ServiceNotFoundException, "Service not found: '" + text + "' names no service "
        + "in cluster '" + clusterName + "' (see ListServices).");
  }

  /** The ARN to report for a reference that matched nothing: the ARN it would have, or the text as given. */
  static String failureArn(ArnFormat arns, String clusterName, String ref) {
    if (ref != null && !ref.startsWith("arn:") && EcsArn.NAME.matcher(ref).matches()) {
      return arns.service(clusterName, ref);
    }
    return ref;
  }
}
