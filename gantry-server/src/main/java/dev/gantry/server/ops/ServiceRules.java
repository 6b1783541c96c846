package dev.gantry.server.ops;

import dev.gantry.model.CapacityProviderStrategyItem;
import dev.gantry.model.DeploymentAlarms;
import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DeploymentController;
import dev.gantry.model.DeploymentControllerType;
import dev.gantry.model.DeploymentStrategy;
import dev.gantry.model.LaunchType;
import dev.gantry.model.NetworkConfiguration;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PlacementStrategy;
import dev.gantry.model.SchedulingStrategy;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The members of CreateService and UpdateService checked as ECS checks them for a service on
 * EC2 or EXTERNAL capacity, with ECS's defaults filled in. Pure: each rule sees only the values
 * it judges. What Gantry does not have (load balancers, service discovery, Service Connect,
 * managed volumes, VPC Lattice, CloudWatch alarms, blue/green and external deployment
 * controllers) is refused with UnsupportedFeatureException naming the member, rather than
 * accepted and silently ignored.
 *
 * <p>Deployment configuration: REPLICA defaults to minimumHealthyPercent 100 and maximumPercent
 * 200, DAEMON to 0 and 100 (DAEMON allows no maximumPercent but 100); minimumHealthyPercent is
 * 0..100, a REPLICA's maximumPercent at least 100 (below it desiredCount could never run); the
 * circuit breaker defaults to disabled.
 */
final class ServiceRules {
  /** ECS's quota of tasks per service. */
  static final int MAX_DESIRED_COUNT = 5000;
  static final int MAX_CLIENT_TOKEN = 36;
  static final int REPLICA_MIN_HEALTHY = 100;
  static final int REPLICA_MAX_PERCENT = 200;
  static final int DAEMON_MIN_HEALTHY = 0;
  static final int DAEMON_MAX_PERCENT = 100;
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[\\x21-\\x7e]{1," + MAX_CLIENT_TOKEN + "}");

  private ServiceRules() {}

  /** A new service's name: required, 1 to 255 letters, numbers, hyphens and underscores. */
  static String serviceName(String name) {
    if (name == null || name.isEmpty()) {
      throw EcsException.invalidParameter("serviceName is required: give 1 to 255 letters, numbers, hyphens and "
          + "underscores.");
    }
    if (!EcsArn.NAME.matcher(name).matches()) {
      throw EcsException.invalidParameter("serviceName '" + name + "' is not valid: use 1 to 255 letters, numbers, "
          + "hyphens and underscores.");
    }
    return name;
  }

  /** The idempotency token, "" when none was given. */
  static String clientToken(String token) {
    if (token == null) {
      return "";
    }
    if (!CLIENT_TOKEN.matcher(token).matches()) {
      throw EcsException.invalidParameter("clientToken '" + token + "' is not valid: use 1 to " + MAX_CLIENT_TOKEN
          + " ASCII characters in the range 33-126 (no spaces).");
    }
    return token;
  }

  static SchedulingStrategy schedulingStrategy(SchedulingStrategy requested) {
    return requested == null ? SchedulingStrategy.REPLICA : requested;
  }

  /**
   * The desiredCount a new service starts with: required for REPLICA (0 to {@link #MAX_DESIRED_COUNT}),
   * refused for DAEMON, whose count the scheduler derives from the instances that qualify.
   */
  static int desiredCount(SchedulingStrategy strategy, Integer requested) {
    if (strategy == SchedulingStrategy.DAEMON) {
      if (requested != null) {
        throw daemonDesiredCount(requested);
      }
      return 0;
    }
    if (requested == null) {
      throw EcsException.invalidParameter("desiredCount is required for a REPLICA service: give the number of "
          + "tasks to keep running (0 to " + MAX_DESIRED_COUNT + ").");
    }
    return checkedDesiredCount(requested);
  }

  static int checkedDesiredCount(int requested) {
    if (requested < 0 || requested > MAX_DESIRED_COUNT) {
      throw EcsException.invalidParameter("desiredCount " + requested + " is out of range: it must be between 0 and "
          + MAX_DESIRED_COUNT + ".");
    }
    return requested;
  }

  static EcsException daemonDesiredCount(int requested) {
    return EcsException.invalidParameter("desiredCount " + requested + " cannot be set: the DAEMON scheduling "
        + "strategy runs one task on each qualifying container instance and computes desiredCount itself.");
  }

  /** EC2 when neither a launch type nor a capacity provider strategy is given (Gantry clusters have no providers). */
  static LaunchType launchType(LaunchType requested, Collection<CapacityProviderStrategyItem> providers) {
    if (providers != null && !providers.isEmpty()) {
      throw EcsException.invalidParameter("capacityProviderStrategy is not supported: Gantry clusters have no "
          + "capacity providers; omit it and give launchType EC2 or EXTERNAL.");
    }
    if (requested == null || requested == LaunchType.EC2 || requested == LaunchType.EXTERNAL) {
      return requested == null ? LaunchType.EC2 : requested;
    }
    throw EcsException.invalidParameter("launchType " + requested + " is not supported: Gantry runs service tasks "
        + "on registered container instances; use EC2 or EXTERNAL.");
  }

  /** Only the rolling-update (ECS) controller exists in Gantry. */
  static DeploymentController deploymentController(DeploymentController requested) {
    if (requested == null || requested.type() == DeploymentControllerType.ECS) {
      return DeploymentController.builder().type(DeploymentControllerType.ECS).build();
    }
    if (requested.type() == null) {
      throw EcsException.invalidParameter("deploymentController.type is required: use ECS.");
    }
    throw unsupported("deploymentController.type " + requested.type() + " is not supported: Gantry deploys with "
        + "the rolling update (ECS) controller only; use type ECS or omit deploymentController.");
  }

  /** ECS refuses a placement strategy for DAEMON services: there is nothing to choose among. */
  static void placementStrategyAllowed(SchedulingStrategy strategy, Collection<PlacementStrategy> strategies) {
    if (strategy == SchedulingStrategy.DAEMON && strategies != null && !strategies.isEmpty()) {
      throw EcsException.invalidParameter("placementStrategy cannot be used with the DAEMON scheduling strategy: "
          + "a daemon service runs one task on every qualifying instance; omit placementStrategy.");
    }
  }

  static int healthCheckGracePeriod(Integer seconds) {
    if (seconds == null) {
      return 0;
    }
    if (seconds < 0) {
      throw EcsException.invalidParameter("healthCheckGracePeriodSeconds " + seconds + " is out of range: it must be "
          + "between 0 and 2147483647.");
    }
    return seconds;
  }

  /** Fargate's platform version has no meaning for tasks on container instances. */
  static void noPlatformVersion(String platformVersion) {
    if (platformVersion != null) {
      throw EcsException.invalidParameter("platformVersion '" + platformVersion + "' can only be given for the "
          + "FARGATE launch type; omit it for EC2 and EXTERNAL services.");
    }
  }

  /** A member naming something Gantry does not have: accepted only when absent or empty. */
  static void notSupported(String member, Collection<?> value, String what) {
    if (value != null && !value.isEmpty()) {
      throw unsupported(member + " is not supported: Gantry has no " + what + "; omit " + member
          + " (or pass an empty list).");
    }
  }

  static void notSupported(String member, Object value, String what) {
    if (value != null) {
      throw unsupported(member + " is not supported: Gantry has no " + what + "; omit " + member + ".");
    }
  }

  static void noRole(String role) {
    if (role != null && !role.isEmpty()) {
      throw EcsException.invalidParameter("role '" + role + "' can only be given together with loadBalancers, "
          + "which Gantry does not support; omit role.");
    }
  }

  /** networkConfiguration belongs to awsvpc task definitions only, as in ECS. */
  static NetworkConfiguration networkConfiguration(NetworkConfiguration requested, TaskDefinition definition) {
    if (requested != null && definition.networkMode() != NetworkMode.AWSVPC) {
      throw EcsException.invalidParameter("networkConfiguration is only valid for task definitions with networkMode "
          + "awsvpc; " + definition.taskDefinitionArn() + " uses "
          + (definition.networkMode() == null ? "the default network mode" : definition.networkMode()) + ".");
    }
    return requested;
  }

  /**
   * The deployment configuration a service has after a call: {@code requested} over
   * {@code current} member by member (null members keep the current value; a new service's
   * current is {@link #defaults}), then checked for {@code strategy}.
   */
  static DeploymentConfiguration deploymentConfiguration(SchedulingStrategy strategy,
      DeploymentConfiguration requested, DeploymentConfiguration current) {
    if (requested == null) {
      return current;
    }
    unsupportedDeploymentMembers(requested);
    DeploymentConfiguration merged = current.toBuilder()
        .maximumPercent(requested.maximumPercent() != null ? requested.maximumPercent() : current.maximumPercent())
        .minimumHealthyPercent(requested.minimumHealthyPercent() != null ? requested.minimumHealthyPercent()
            : current.minimumHealthyPercent())
        .deploymentCircuitBreaker(requested.deploymentCircuitBreaker() != null
            ? circuitBreaker(requested.deploymentCircuitBreaker()) : current.deploymentCircuitBreaker())
        .alarms(requested.alarms() != null ? requested.alarms() : current.alarms())
        .build();
    checkPercents(strategy, merged.minimumHealthyPercent(), merged.maximumPercent());
    return merged;
  }

  /** ECS's defaults for a new service of {@code strategy}: rolling, circuit breaker off. */
  static DeploymentConfiguration defaults(SchedulingStrategy strategy) {
    boolean daemon = strategy == SchedulingStrategy.DAEMON;
    return DeploymentConfiguration.builder()
        .maximumPercent(daemon ? DAEMON_MAX_PERCENT : REPLICA_MAX_PERCENT)
        .minimumHealthyPercent(daemon ? DAEMON_MIN_HEALTHY : REPLICA_MIN_HEALTHY)
        .deploymentCircuitBreaker(DeploymentCircuitBreaker.builder().enable(false).rollback(false).build())
        .strategy(DeploymentStrategy.ROLLING)
        .build();
  }

  private static void unsupportedDeploymentMembers(DeploymentConfiguration c) {
    if (c.strategy() != null && c.strategy() != DeploymentStrategy.ROLLING) {
      throw unsupported("deploymentConfiguration.strategy " + c.strategy() + " is not supported: Gantry deploys "
          + "with rolling updates only; use ROLLING or omit strategy.");
    }
    notSupported("deploymentConfiguration.bakeTimeInMinutes", c.bakeTimeInMinutes(),
        "blue/green deployments (bake time belongs to them)");
    notSupported("deploymentConfiguration.lifecycleHooks", c.lifecycleHooks(), "deployment lifecycle hooks");
    notSupported("deploymentConfiguration.linearConfiguration", c.linearConfiguration(), "linear deployments");
    notSupported("deploymentConfiguration.canaryConfiguration", c.canaryConfiguration(), "canary deployments");
    DeploymentAlarms alarms = c.alarms();
    if (alarms != null && Boolean.TRUE.equals(alarms.enable())) {
      throw unsupported("deploymentConfiguration.alarms cannot be enabled: Gantry has no CloudWatch alarms to "
          + "watch; use the deploymentCircuitBreaker instead, or set alarms.enable to false.");
    }
  }

  private static DeploymentCircuitBreaker circuitBreaker(DeploymentCircuitBreaker b) {
    if (b.enable() == null || b.rollback() == null) {
      throw EcsException.invalidParameter("deploymentConfiguration.deploymentCircuitBreaker needs both enable and "
          + "rollback (true or false); got enable=" + b.enable() + ", rollback=" + b.rollback() + ".");
    }
    return b;
  }

  private static void checkPercents(SchedulingStrategy strategy, int minimumHealthy, int maximum) {
    if (minimumHealthy < 0 || minimumHealthy > 100) {
      throw EcsException.invalidParameter("deploymentConfiguration.minimumHealthyPercent " + minimumHealthy
          + " is out of range: it must be between 0 and 100.");
    }
    if (strategy == SchedulingStrategy.DAEMON) {
      if (maximum != DAEMON_MAX_PERCENT) {
        throw EcsException.invalidParameter("deploymentConfiguration.maximumPercent " + maximum + " is not valid for "
            + "the DAEMON scheduling strategy: a daemon service runs at most one task per instance, so "
            + "maximumPercent must be 100.");
      }
      return;
    }
    if (maximum < 100) {
      throw EcsException.invalidParameter("deploymentConfiguration.maximumPercent " + maximum + " is out of range: "
          + "it must be at least 100 (100 with minimumHealthyPercent 0 stops the old task before starting a new one).");
    }
  }

  private static EcsException unsupported(String message) {
    return new EcsException(ErrorType.UnsupportedFeatureException, message);
  }
}
