package dev.gantry.agent.docker.create;

import dev.gantry.agent.docker.create.ContainerCreateConfig.Healthcheck;
import dev.gantry.agent.docker.create.ContainerCreateConfig.LogConfig;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.ContainerOverride;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.KeyValuePair;
import dev.gantry.model.LogConfiguration;
import dev.gantry.model.LogDriver;
import dev.gantry.model.TaskDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one container of a task into the body of Docker's {@code POST /containers/create}, the
 * way the Amazon ECS agent does, for Linux and Windows hosts alike.
 *
 * <p>Constraints: pure (no I/O, clock or randomness: whatever the agent allocated or looked up
 * comes in through {@link CreateConfigInput} and {@link CreateHost}); never half-honours a task: a
 * setting it can't apply on this host refuses the container with a reason naming the field,
 * rather than being dropped silently.
 *
 * <p>Algorithm: apply the task's override to the container, then fill a {@link Draft} concern by
 * concern (process, labels, health, logging; then resources, network, mounts and the
 * OS-specific settings, which differ per {@link CreateHost}), collecting every reason on the way;
 * any reason refuses the whole container.
 */
public final class CreateConfigBuilder {
  private static final int HEALTH_INTERVAL_SECONDS = 30;
  private static final int HEALTH_TIMEOUT_SECONDS = 5;
  private static final int HEALTH_RETRIES = 3;

  private CreateConfigBuilder() {}

  public static CreateConfigResult build(CreateConfigInput input, CreateHost host) {
    Effective container = Effective.of(input.container(), input.override());
    Draft draft = new Draft();
    Reasons reasons = new Reasons();
    process(input, container, draft, reasons);
    labels(input, draft);
    healthcheck(container.definition().healthCheck(), draft, reasons);
    logging(container.definition().logConfiguration(), draft, reasons);
    unsupported(container, input.taskDefinition(), reasons);
    ResourceLimits.apply(container, host, draft, reasons);
    NetworkSettings.apply(input, host, draft, reasons);
    MountSettings.apply(input, host, draft, reasons);
    switch (host) {
      case CreateHost.Linux linux -> LinuxSettings.apply(input, draft, reasons);
      case CreateHost.Windows windows -> WindowsSettings.apply(input, windows, draft, reasons);
    }
    return reasons.isEmpty()
        ? new CreateConfigResult.Built(draft.toConfig())
        : new CreateConfigResult.Refused(reasons.list());
  }

  private static void process(CreateConfigInput input, Effective container, Draft draft, Reasons reasons) {
    ContainerDefinition def = container.definition();
    if (def.image() == null || def.image().isBlank()) {
      reasons.add("image", "a container needs an image");
    }
    draft.image = def.image();
    draft.entrypoint = nonEmpty(def.entryPoint());
    draft.cmd = nonEmpty(container.command());
    draft.workingDir = def.workingDirectory();
    draft.env.addAll(environment(def.environment(), container.overrideEnvironment(), input.agentEnvironment()));
    Duration stop = def.stopTimeout() != null
        ? Duration.ofSeconds(def.stopTimeout())
        : input.defaultStopTimeout();
    draft.stopTimeout = Math.toIntExact(stop.toSeconds());
    if (Boolean.TRUE.equals(def.interactive())) {
      draft.openStdin = true;
    }
    if (Boolean.TRUE.equals(def.pseudoTerminal())) {
      draft.tty = true;
    }
    if (def.dockerSecurityOptions() != null) {
      draft.securityOpt.addAll(def.dockerSecurityOptions());
    }
  }

  /**
   * The task definition's variables, then the override's (which win, as in ECS), then the
   * agent's own (which win over both, so a task can't point its metadata URI elsewhere); each
   * name once, in the order it first appeared.
   */
  static List<String> environment(List<KeyValuePair> definition, List<KeyValuePair> override,
      Map<String, String> agent) {
    Map<String, String> env = new LinkedHashMap<>();
    for (List<KeyValuePair> source : List.of(nullToEmpty(definition), nullToEmpty(override))) {
      for (KeyValuePair pair : source) {
        if (pair != null && pair.name() != null) {
          env.put(pair.name(), pair.value() == null ? "" : pair.value());
        }
      }
    }
    env.putAll(new TreeMap<>(agent));
    return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  /** The task's own dockerLabels first, so the agent's labels, which adoption relies on, win. */
  private static void labels(CreateConfigInput input, Draft draft) {
    Map<String, String> dockerLabels = input.container().dockerLabels();
    if (dockerLabels != null) {
      dockerLabels.forEach((k, v) -> draft.labels.put(k, v == null ? "" : v));
    }
    TaskDefinition td = input.taskDefinition();
    draft.labels.put(ContainerLabels.TASK_ARN, input.taskArn());
    draft.labels.put(ContainerLabels.CONTAINER_NAME, input.container().name());
    draft.labels.put(ContainerLabels.TASK_DEFINITION_FAMILY, String.valueOf(td.family()));
    draft.labels.put(ContainerLabels.TASK_DEFINITION_VERSION, String.valueOf(td.revision()));
    draft.labels.put(ContainerLabels.CLUSTER, input.cluster());
    draft.labels.put(ContainerLabels.CONTAINER_INSTANCE_ARN, input.containerInstanceArn());
  }

  /** ECS's defaults (30 s, 5 s, 3 retries) are not Docker's (timeout 30 s), so they are always sent. */
  private static void healthcheck(HealthCheck check, Draft draft, Reasons reasons) {
    if (check == null) {
      return;
    }
    List<String> test = check.command();
    String kind = test == null || test.isEmpty() ? null : test.get(0);
    if (!"CMD".equals(kind) && !"CMD-SHELL".equals(kind) || test.size() < 2) {
      reasons.add("healthCheck.command", Reasons.quote(test)
          + " is not a health check command; start it with 'CMD-SHELL' and a shell command, or 'CMD'"
          + " and the program and its arguments");
      return;
    }
    int interval = orDefault(check.interval(), HEALTH_INTERVAL_SECONDS);
    int timeout = orDefault(check.timeout(), HEALTH_TIMEOUT_SECONDS);
    int retries = orDefault(check.retries(), HEALTH_RETRIES);
    int startPeriod = orDefault(check.startPeriod(), 0);
    draft.healthcheck = new Healthcheck(List.copyOf(test), nanos(interval), nanos(timeout), retries,
        startPeriod > 0 ? nanos(startPeriod) : null);
  }

  /** Only json-file: there is no CloudWatch (awslogs), Splunk or FireLens next to a Gantry host. */
  private static void logging(LogConfiguration log, Draft draft, Reasons reasons) {
    if (log == null) {
      return;
    }
    if (log.logDriver() != LogDriver.JSON_FILE) {
      reasons.add("logConfiguration.logDriver", Reasons.quote(String.valueOf(log.logDriver()))
          + " is not supported by the Gantry agent; use 'json-file', or omit logConfiguration for the"
          + " Docker daemon's default");
      return;
    }
    if (log.secretOptions() != null && !log.secretOptions().isEmpty()) {
      reasons.add("logConfiguration.secretOptions", "secrets are not supported by the Gantry agent;"
          + " put the values in logConfiguration.options");
      return;
    }
    Map<String, String> options = log.options() == null || log.options().isEmpty()
        ? null : new TreeMap<>(log.options());
    draft.logConfig = new LogConfig(LogDriver.JSON_FILE.toString(), options);
  }

  /** Settings that need AWS services or features a Gantry host doesn't have, on either OS. */
  private static void unsupported(Effective container, TaskDefinition task, Reasons reasons) {
    ContainerDefinition def = container.definition();
    String noAws = " are not supported by the Gantry agent: they need AWS services a Gantry host doesn't reach";
    if (asks(def.secrets())) {
      reasons.add("secrets", "secrets from Secrets Manager or SSM" + noAws
          + "; pass the values as environment variables");
    }
    if (asks(def.environmentFiles()) || asks(container.overrideEnvironmentFiles())) {
      reasons.add("environmentFiles", "environment files in S3" + noAws + "; use environment");
    }
    if (def.firelensConfiguration() != null) {
      reasons.add("firelensConfiguration", "FireLens is not supported by the Gantry agent; remove it");
    }
    if (asks(def.resourceRequirements()) || asks(container.overrideResourceRequirements())) {
      reasons.add("resourceRequirements", "GPUs and inference accelerators are not supported by the Gantry"
          + " agent; remove resourceRequirements");
    }
    if (asks(def.credentialSpecs())) {
      reasons.add("credentialSpecs", "gMSA credential specs are not supported by the Gantry agent;"
          + " remove credentialSpecs");
    }
    if (task.proxyConfiguration() != null) {
      reasons.add("proxyConfiguration", "App Mesh proxy configuration is not supported by the Gantry agent;"
          + " remove proxyConfiguration");
    }
  }

  static boolean asks(List<?> values) {
    return values != null && !values.isEmpty();
  }

  private static List<String> nonEmpty(List<String> values) {
    return values == null || values.isEmpty() ? null : List.copyOf(values);
  }

  private static <T> List<T> nullToEmpty(List<T> values) {
    return values == null ? List.of() : values;
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static long nanos(int seconds) {
    return Duration.ofSeconds(seconds).toNanos();
  }

  /**
   * The container as this task runs it: ECS applies an override's command, cpu, memory and
   * memoryReservation in place of the definition's, and adds its environment on top.
   */
  record Effective(ContainerDefinition definition, ContainerOverride override) {
    static Effective of(ContainerDefinition definition, Optional<ContainerOverride> override) {
      return new Effective(definition, override.orElse(ContainerOverride.builder().build()));
    }

    List<String> command() {
      return asks(override.command()) ? override.command() : definition.command();
    }

    Integer cpu() {
      return override.cpu() != null ? override.cpu() : definition.cpu();
    }

    Integer memory() {
      return override.memory() != null ? override.memory() : definition.memory();
    }

    Integer memoryReservation() {
      return override.memoryReservation() != null ? override.memoryReservation() : definition.memoryReservation();
    }

    /** The member's name as the user would look for it: in the override if that is where it came from. */
    String field(String member, boolean overridden) {
      return overridden ? "overrides.containerOverrides[" + definition.name() + "]." + member : member;
    }

    boolean memoryOverridden() {
      return override.memory() != null;
    }

    boolean cpuOverridden() {
      return override.cpu() != null;
    }

    List<KeyValuePair> overrideEnvironment() {
      return override.environment();
    }

    List<?> overrideEnvironmentFiles() {
      return override.environmentFiles();
    }

    List<?> overrideResourceRequirements() {
      return override.resourceRequirements();
    }
  }
}
