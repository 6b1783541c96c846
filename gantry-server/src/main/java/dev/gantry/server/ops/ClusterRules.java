package dev.gantry.server.ops;

import dev.gantry.model.CapacityProviderStrategyItem;
import dev.gantry.model.ClusterConfiguration;
import dev.gantry.model.ClusterServiceConnectDefaults;
import dev.gantry.model.ClusterServiceConnectDefaultsRequest;
import dev.gantry.model.ClusterSetting;
import dev.gantry.model.ClusterSettingName;
import dev.gantry.model.ExecuteCommandConfiguration;
import dev.gantry.model.ExecuteCommandLogging;
import dev.gantry.model.arn.EcsArn;
import dev.gantry.model.arn.ClusterRef;
import dev.gantry.server.api.EcsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Validation of the cluster members users set: name, settings, configuration, Service Connect defaults. */
final class ClusterRules {
  static final Set<String> CONTAINER_INSIGHTS_VALUES = Set.of("enabled", "disabled", "enhanced");

  private ClusterRules() {}

  /** The name CreateCluster creates: "default" when absent; a name, never an ARN. */
  static String newClusterName(String clusterName) {
    if (clusterName == null || clusterName.isEmpty()) {
      return ClusterRef.DEFAULT;
    }
    if (!EcsArn.NAME.matcher(clusterName).matches()) {
      throw EcsException.invalidParameter("clusterName '" + clusterName + "' is not valid: use 1 to 255 letters "
          + "(uppercase and lowercase), numbers, underscores and hyphens.");
    }
    return clusterName;
  }

  /** {@code current} with {@code updates} applied by setting name; each update validated. */
  static List<ClusterSetting> mergeSettings(String member, List<ClusterSetting> current, List<ClusterSetting> updates) {
    Map<ClusterSettingName, ClusterSetting> byName = new LinkedHashMap<>();
    for (ClusterSetting s : Members.orEmpty(current)) {
      byName.put(s.name(), s);
    }
    for (ClusterSetting s : Members.orEmpty(updates)) {
      byName.put(validSetting(member, s).name(), s);
    }
    return new ArrayList<>(byName.values());
  }

  private static ClusterSetting validSetting(String member, ClusterSetting setting) {
    if (setting == null || setting.name() == null) {
      throw EcsException.invalidParameter(member + ": every setting needs a name; the valid name is containerInsights.");
    }
    if (setting.value() == null || !CONTAINER_INSIGHTS_VALUES.contains(setting.value())) {
      throw EcsException.invalidParameter(member + ": value '" + setting.value() + "' of setting "
          + setting.name() + " is not valid: use enabled, disabled or enhanced.");
    }
    return setting;
  }

  /** The configuration as given, checked for the combination ECS requires of execute-command logging. */
  static ClusterConfiguration configuration(ClusterConfiguration configuration) {
    if (configuration == null || configuration.executeCommandConfiguration() == null) {
      return configuration;
    }
    ExecuteCommandConfiguration exec = configuration.executeCommandConfiguration();
    boolean override = exec.logging() == ExecuteCommandLogging.OVERRIDE;
    if (override && exec.logConfiguration() == null) {
      throw EcsException.invalidParameter("configuration.executeCommandConfiguration.logConfiguration is required "
          + "when logging is OVERRIDE.");
    }
    if (!override && exec.logConfiguration() != null) {
      throw EcsException.invalidParameter("configuration.executeCommandConfiguration.logConfiguration is used only "
          + "when logging is OVERRIDE; logging is " + (exec.logging() == null ? "DEFAULT (absent)" : exec.logging())
          + ".");
    }
    return configuration;
  }

  /**
   * The Service Connect defaults to keep: empty when none is asked for or when the namespace is
   * the empty string (which is how ECS removes them), else the namespace name or ARN as given.
   */
  static Optional<ClusterServiceConnectDefaults> serviceConnectDefaults(ClusterServiceConnectDefaultsRequest request) {
    if (request == null || request.namespace() == null || request.namespace().isEmpty()) {
      return Optional.empty();
    }
    String namespace = request.namespace();
    boolean arn = namespace.startsWith("arn:");
    if (namespace.length() > 1024 || (!arn && namespace.matches(".*[<>\"/].*"))) {
      throw EcsException.invalidParameter("serviceConnectDefaults.namespace '" + namespace + "' is not valid: give a "
          + "namespace ARN, or a name of up to 1024 characters without >, <, \" or /.");
    }
    return Optional.of(ClusterServiceConnectDefaults.builder().namespace(namespace).build());
  }

  /** Gantry has no capacity providers: only empty lists are accepted where ECS takes them. */
  static void noCapacityProviders(List<String> providers, List<CapacityProviderStrategyItem> strategy) {
    if (providers != null && !providers.isEmpty()) {
      throw EcsException.invalidParameter("capacityProviders " + providers + " cannot be used: capacity providers "
          + "are not supported by Gantry; pass an empty list and register container instances with the agent.");
    }
    if (strategy != null && !strategy.isEmpty()) {
      throw EcsException.invalidParameter("defaultCapacityProviderStrategy cannot be used: capacity providers are "
          + "not supported by Gantry; pass an empty list.");
    }
  }
}
