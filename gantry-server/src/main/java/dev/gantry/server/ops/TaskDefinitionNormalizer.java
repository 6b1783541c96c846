package dev.gantry.server.ops;

import dev.gantry.model.Compatibility;
import dev.gantry.model.ContainerDefinition;
import dev.gantry.model.HealthCheck;
import dev.gantry.model.NetworkMode;
import dev.gantry.model.PortMapping;
import dev.gantry.model.RegisterTaskDefinitionRequest;
import dev.gantry.model.TaskDefinition;
import dev.gantry.model.TaskDefinitionStatus;
import dev.gantry.model.TransportProtocol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a validated RegisterTaskDefinition request into the TaskDefinition that Describe
 * returns, filled in the way ECS fills it so that infrastructure code comparing its input
 * with ECS's output sees what it expects: containers default to essential, cpu 0, empty
 * portMappings/environment/mountPoints/volumesFrom/systemControls lists; port mappings default
 * to tcp, with hostPort = containerPort in awsvpc and host mode and 0 (dynamic) otherwise;
 * health checks get interval 30, timeout 5 and retries 3; the task gets empty volumes and
 * placementConstraints lists; "1 vCPU"/"2 GB" style task sizes become CPU units and MiB.
 * Pure: revision, ARN and time come in from the caller.
 */
final class TaskDefinitionNormalizer {
  /** Gantry runs tasks the way ECS runs its EC2 and EXTERNAL launch types. */
  static final List<Compatibility> COMPATIBILITIES = List.of(Compatibility.EC2, Compatibility.EXTERNAL);

  private static final Pattern VCPU = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*vcpu", Pattern.CASE_INSENSITIVE);
  private static final Pattern GB = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*gb", Pattern.CASE_INSENSITIVE);
  private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);
  private static final BigDecimal MIB_PER_GB = BigDecimal.valueOf(1024);

  private TaskDefinitionNormalizer() {}

  /** The definition without revision and ARN, which the register transaction assigns. */
  static TaskDefinition normalize(RegisterTaskDefinitionRequest r, Instant registeredAt, String registeredBy) {
    List<ContainerDefinition> containers = new ArrayList<>(r.containerDefinitions().size());
    for (ContainerDefinition c : r.containerDefinitions()) {
      containers.add(container(c, r.networkMode()));
    }
    TaskDefinition td = TaskDefinition.builder()
        .family(r.family())
        .taskRoleArn(r.taskRoleArn())
        .executionRoleArn(r.executionRoleArn())
        .networkMode(r.networkMode())
        .containerDefinitions(List.copyOf(containers))
        .volumes(Members.orEmpty(r.volumes()))
        .placementConstraints(Members.orEmpty(r.placementConstraints()))
        .requiresCompatibilities(r.requiresCompatibilities())
        .cpu(size(r.cpu(), VCPU, UNITS_PER_VCPU))
        .memory(size(r.memory(), GB, MIB_PER_GB))
        .pidMode(r.pidMode())
        .ipcMode(r.ipcMode())
        .proxyConfiguration(r.proxyConfiguration())
        .inferenceAccelerators(r.inferenceAccelerators())
        .ephemeralStorage(r.ephemeralStorage())
        .runtimePlatform(r.runtimePlatform())
        .enableFaultInjection(r.enableFaultInjection())
        .status(TaskDefinitionStatus.ACTIVE)
        .compatibilities(COMPATIBILITIES)
        .registeredAt(registeredAt)
        .registeredBy(registeredBy)
        .build();
    return td.toBuilder().requiresAttributes(RequiresAttributes.derive(td)).build();
  }

  static ContainerDefinition container(ContainerDefinition c, NetworkMode networkMode) {
    ContainerDefinition.Builder b = c.toBuilder()
        .essential(c.essential() == null ? Boolean.TRUE : c.essential())
        .cpu(c.cpu() == null ? Integer.valueOf(0) : c.cpu())
        .portMappings(portMappings(c.portMappings(), networkMode))
        .environment(Members.orEmpty(c.environment()))
        .mountPoints(Members.orEmpty(c.mountPoints()))
        .volumesFrom(Members.orEmpty(c.volumesFrom()))
        .systemControls(Members.orEmpty(c.systemControls()));
    if (c.healthCheck() != null) {
      b.healthCheck(healthCheck(c.healthCheck()));
    }
    return b.build();
  }

  private static List<PortMapping> portMappings(List<PortMapping> mappings, NetworkMode networkMode) {
    if (mappings == null) {
      return List.of();
    }
    boolean hostEqualsContainer = networkMode == NetworkMode.AWSVPC || networkMode == NetworkMode.HOST;
    List<PortMapping> out = new ArrayList<>(mappings.size());
    for (PortMapping m : mappings) {
      PortMapping.Builder b = m.toBuilder();
      if (m.protocol() == null) {
        b.protocol(TransportProtocol.TCP);
      }
      // A port range gets its host ports at run time; a single port shows its host port.
      if (m.hostPort() == null && m.containerPort() != null) {
        b.hostPort(hostEqualsContainer ? m.containerPort() : Integer.valueOf(0));
      }
      out.add(b.build());
    }
    return List.copyOf(out);
  }

  private static HealthCheck healthCheck(HealthCheck h) {
    return h.toBuilder()
        .interval(h.interval() == null ? Integer.valueOf(30) : h.interval())
        .timeout(h.timeout() == null ? Integer.valueOf(5) : h.timeout())
        .retries(h.retries() == null ? Integer.valueOf(3) : h.retries())
        .build();
  }

  /** "1 vCPU" to "1024", "2GB" to "2048"; anything else (plain numbers included) unchanged. */
  static String size(String value, Pattern unit, BigDecimal factor) {
    if (value == null) {
      return null;
    }
    Matcher m = unit.matcher(value.trim());
    if (!m.matches()) {
      return value;
    }
    BigDecimal converted = new BigDecimal(m.group(1)).multiply(factor).stripTrailingZeros();
    return converted.scale() <= 0 ? converted.toBigInteger().toString() : value;
  }
}
