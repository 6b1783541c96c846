package dev.gantry.server.ops;

import dev.gantry.model.Deployment;
import dev.gantry.model.DeploymentCircuitBreaker;
import dev.gantry.model.DeploymentConfiguration;
import dev.gantry.model.DeploymentRolloutState;
import dev.gantry.model.LaunchType;
import dev.gantry.model.NetworkConfiguration;
import dev.gantry.model.ServiceCurrentRevisionSummary;
import dev.gantry.model.ServiceDeployment;
import dev.gantry.model.ServiceDeploymentAlarms;
import dev.gantry.model.ServiceDeploymentCircuitBreaker;
import dev.gantry.model.ServiceDeploymentRollbackMonitorsStatus;
import dev.gantry.model.ServiceDeploymentStatus;
import dev.gantry.model.ServiceRevisionSummary;
import dev.gantry.model.arn.ArnFormat;
import dev.gantry.model.arn.EcsArn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's deployments in ECS's two shapes, and the ids and ARNs that tie them together.
 * Pure: time and randomness come in.
 *
 * <p>A {@link Deployment} (in {@code Service.deployments}) has the id {@code ecs-svc/<19 digits>};
 * the tasks it starts carry that id as {@code startedBy}. Its service revision is
 * {@code service-revision/<cluster>/<service>/<the same 19 digits>}, and the
 * {@link ServiceDeployment} that rolled it out is
 * {@code service-deployment/<cluster>/<service>/<random id>} with that revision as its target.
 * So from a Deployment the scheduler finds its ServiceDeployment by {@link #revisionArn}.
 *
 * <p>Statuses: a new Deployment is PRIMARY with rolloutState IN_PROGRESS; the one it replaces
 * becomes ACTIVE (the scheduler drains ACTIVE ones to 0 and drops them). A new ServiceDeployment
 * is IN_PROGRESS; one still IN_PROGRESS or PENDING when another starts is STOPPED.
 */
final class ServiceDeployments {
  static final String PRIMARY = "PRIMARY";
  static final String ACTIVE = "ACTIVE";
  static final String INACTIVE = "INACTIVE";
  static final String ID_PREFIX = "ecs-svc/";
  /** How many ServiceDeployments a service keeps (ECS keeps 90 days of them; Gantry bounds the record instead). */
  static final int MAX_HISTORY = 100;
  static final int MIN_FAILURE_THRESHOLD = 3;
  static final int MAX_FAILURE_THRESHOLD = 200;
  static final Set<ServiceDeploymentStatus> UNFINISHED = EnumSet.of(ServiceDeploymentStatus.PENDING,
      ServiceDeploymentStatus.IN_PROGRESS, ServiceDeploymentStatus.STOP_REQUESTED,
      ServiceDeploymentStatus.ROLLBACK_REQUESTED, ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS);

  private static final Pattern DEPLOYMENT_ARN = Pattern.compile(
      "arn:aws[a-zA-Z-]*:ecs:[a-z0-9-]*:\\d{12}:service-deployment/([A-Za-z0-9_-]{1,255})/([A-Za-z0-9_-]{1,255})/"
          + "([A-Za-z0-9_-]{1,64})");
  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private ServiceDeployments() {}

  /** Where a ServiceDeployment ARN points. */
  record DeploymentArn(String clusterName, String serviceName, String id) {}

  /** A new Deployment id: {@code ecs-svc/} and 19 digits, the first not 0. */
  static String newDeploymentId(RandomGenerator random) {
    StringBuilder sb = new StringBuilder(ID_PREFIX).append(1 + random.nextInt(9));
    for (int i = 1; i < 19; i++) {
      sb.append(random.nextInt(10));
    }
    return sb.toString();
  }

  /** A new ServiceDeployment id: 21 letters and digits. */
  static String newServiceDeploymentId(RandomGenerator random) {
    StringBuilder sb = new StringBuilder(21);
    for (int i = 0; i < 21; i++) {
      sb.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return sb.toString();
  }

  static String deploymentArn(ArnFormat arns, String cluster, String service, String id) {
    return arns.serviceDeployment(cluster, service, id);
  }

  /** The service revision a Deployment runs: its id's digits under the service. */
  static String revisionArn(ArnFormat arns, String cluster, String service, String deploymentId) {
    String digits = deploymentId.startsWith(ID_PREFIX) ? deploymentId.substring(ID_PREFIX.length()) : deploymentId;
    return arns.serviceRevision(cluster, service, digits);
  }

  /** The Deployment id a service revision ARN stands for, when it has the form {@link #revisionArn} gives. */
  static Optional<String> deploymentIdOfRevision(String revisionArn) {
    if (revisionArn == null) {
      return Optional.empty();
    }
    String digits = revisionArn.substring(revisionArn.lastIndexOf('/') + 1);
    return digits.matches("\\d{19}") ? Optional.of(ID_PREFIX + digits) : Optional.empty();
  }

  static Optional<DeploymentArn> parseArn(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    Matcher m = DEPLOYMENT_ARN.matcher(arn);
    return m.matches() ? Optional.of(new DeploymentArn(m.group(1), m.group(2), m.group(3))) : Optional.empty();
  }

  /** The deployment circuit breaker's threshold: half the desired count, rounded up, within [3, 200]. */
  static int failureThreshold(int desiredCount) {
    int half = (desiredCount + 1) / 2;
    return Math.max(MIN_FAILURE_THRESHOLD, Math.min(MAX_FAILURE_THRESHOLD, half));
  }

  /** A new PRIMARY deployment of {@code taskDefinitionArn}, nothing started yet. */
  static Deployment primary(String id, String taskDefinitionArn, int desiredCount, LaunchType launchType,
      NetworkConfiguration network, Instant now) {
    return Deployment.builder()
        .id(id)
        .status(PRIMARY)
        .taskDefinition(taskDefinitionArn)
        .desiredCount(desiredCount)
        .pendingCount(0)
        .runningCount(0)
        .failedTasks(0)
        .createdAt(now)
        .updatedAt(now)
        .launchType(launchType)
        .networkConfiguration(network)
        .rolloutState(DeploymentRolloutState.IN_PROGRESS)
        .rolloutStateReason("ECS deployment " + id + " in progress.")
        .build();
  }

  /**
   * The deployments after {@code primary} starts: it first, then every earlier one that has not
   * finished draining, the former PRIMARY now ACTIVE.
   */
  static List<Deployment> replacePrimary(List<Deployment> current, Deployment primary, Instant now) {
    List<Deployment> out = new ArrayList<>();
    out.add(primary);
    for (Deployment d : Members.orEmpty(current)) {
      if (PRIMARY.equals(d.status())) {
        out.add(d.toBuilder().status(ACTIVE).updatedAt(now).build());
      } else if (ACTIVE.equals(d.status())) {
        out.add(d);
      }
    }
    return List.copyOf(out);
  }

  /** The ServiceDeployment that rolls out {@code target} over the service's other {@code deployments}. */
  static ServiceDeployment started(ArnFormat arns, String cluster, String service, String serviceDeploymentId,
      Deployment target, List<Deployment> deployments, DeploymentConfiguration configuration, Instant now) {
    List<ServiceRevisionSummary> sources = new ArrayList<>();
    for (Deployment d : deployments) {
      if (!d.id().equals(target.id())) {
        sources.add(revisionSummary(arns, cluster, service, d));
      }
    }
    DeploymentCircuitBreaker breaker = configuration.deploymentCircuitBreaker();
    boolean monitoring = breaker != null && Boolean.TRUE.equals(breaker.enable());
    return ServiceDeployment.builder()
        .serviceDeploymentArn(deploymentArn(arns, cluster, service, serviceDeploymentId))
        .serviceArn(arns.service(cluster, service))
        .clusterArn(arns.cluster(cluster))
        .createdAt(now)
        .startedAt(now)
        .updatedAt(now)
        .sourceServiceRevisions(sources)
        .targetServiceRevision(revisionSummary(arns, cluster, service, target))
        .status(ServiceDeploymentStatus.IN_PROGRESS)
        .deploymentConfiguration(configuration)
        .deploymentCircuitBreaker(ServiceDeploymentCircuitBreaker.builder()
            .status(monitoring ? ServiceDeploymentRollbackMonitorsStatus.MONITORING
                : ServiceDeploymentRollbackMonitorsStatus.DISABLED)
            .failureCount(0)
            .threshold(failureThreshold(target.desiredCount()))
            .build())
        .alarms(ServiceDeploymentAlarms.builder().status(ServiceDeploymentRollbackMonitorsStatus.DISABLED).build())
        .build();
  }

  static ServiceRevisionSummary revisionSummary(ArnFormat arns, String cluster, String service, Deployment d) {
    return ServiceRevisionSummary.builder()
        .arn(revisionArn(arns, cluster, service, d.id()))
        .requestedTaskCount(orZero(d.desiredCount()))
        .runningTaskCount(orZero(d.runningCount()))
        .pendingTaskCount(orZero(d.pendingCount()))
        .build();
  }

  static ServiceCurrentRevisionSummary currentRevision(ArnFormat arns, String cluster, String service, Deployment d) {
    return ServiceCurrentRevisionSummary.builder()
        .arn(revisionArn(arns, cluster, service, d.id()))
        .requestedTaskCount(orZero(d.desiredCount()))
        .runningTaskCount(orZero(d.runningCount()))
        .pendingTaskCount(orZero(d.pendingCount()))
        .build();
  }

  /**
   * {@code history} (newest first) with {@code newest} in front: unfinished ones it replaces
   * marked STOPPED, and the oldest finished ones dropped beyond {@link #MAX_HISTORY}.
   */
  static List<ServiceDeployment> push(List<ServiceDeployment> history, ServiceDeployment newest, Instant now) {
    List<ServiceDeployment> out = new ArrayList<>();
    out.add(newest);
    String reason = "Stopped because service deployment " + newest.serviceDeploymentArn() + " started.";
    for (ServiceDeployment d : stopUnfinished(history, reason, now)) {
      out.add(d);
    }
    return bounded(out);
  }

  /** {@code history} with every unfinished ServiceDeployment STOPPED for {@code reason}. */
  static List<ServiceDeployment> stopUnfinished(List<ServiceDeployment> history, String reason, Instant now) {
    List<ServiceDeployment> out = new ArrayList<>();
    for (ServiceDeployment d : history) {
      out.add(UNFINISHED.contains(d.status())
          ? d.toBuilder().status(ServiceDeploymentStatus.STOPPED).statusReason(reason).stoppedAt(now).updatedAt(now)
              .build()
          : d);
    }
    return out;
  }

  /** {@code history} with {@code requested} as the target revision's requested task count of the unfinished ones. */
  static List<ServiceDeployment> retarget(List<ServiceDeployment> history, int requested, Instant now) {
    List<ServiceDeployment> out = new ArrayList<>();
    for (ServiceDeployment d : history) {
      boolean unfinished = UNFINISHED.contains(d.status()) && d.targetServiceRevision() != null;
      out.add(unfinished ? d.toBuilder().updatedAt(now).targetServiceRevision(d.targetServiceRevision().toBuilder()
          .requestedTaskCount(requested).build()).build() : d);
    }
    return out;
  }

  private static List<ServiceDeployment> bounded(List<ServiceDeployment> newestFirst) {
    if (newestFirst.size() <= MAX_HISTORY) {
      return List.copyOf(newestFirst);
    }
    List<ServiceDeployment> out = new ArrayList<>(newestFirst);
    for (int i = out.size() - 1; i >= 0 && out.size() > MAX_HISTORY; i--) {
      if (!UNFINISHED.contains(out.get(i).status())) {
        out.remove(i);
      }
    }
    return List.copyOf(out);
  }

  /** The short name ECS shows for a task definition ARN in messages: {@code family:revision}. */
  static String familyRevision(String taskDefinitionArn) {
    return EcsArn.parse(taskDefinitionArn)
        .filter(EcsArn.TaskDefinition.class::isInstance)
        .map(EcsArn.TaskDefinition.class::cast)
        .map(td -> td.family() + ":" + td.revision())
        .orElse(taskDefinitionArn);
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
