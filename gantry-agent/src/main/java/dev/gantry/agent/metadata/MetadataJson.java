package dev.gantry.agent.metadata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The task metadata endpoint v4 documents, written the way the ECS agent (a Go program) writes
 * them, so that clients parsing ECS's output parse ours: the agent's member names and order,
 * members left out exactly where Go's {@code omitempty} leaves them out, map keys sorted, numbers
 * without a forced fraction ({@code 10}, {@code 0.25}), timestamps in Go's RFC 3339 form with
 * nanoseconds and no trailing zeros. Pure: records in, JSON out.
 */
final class MetadataJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final BigDecimal UNITS_PER_VCPU = BigDecimal.valueOf(1024);

  /** Every task container is a user's container: the agent's internal kinds never run here. */
  static final String CONTAINER_TYPE = "NORMAL";
  static final String LAUNCH_TYPE = "EC2";

  private MetadataJson() {}

  /** The document at {@code ${ECS_CONTAINER_METADATA_URI_V4}}. */
  static ObjectNode container(ContainerMetadata c) {
    ObjectNode node = NODES.objectNode();
    node.put("DockerId", c.dockerId());
    node.put("Name", c.name());
    node.put("DockerName", c.dockerName());
    node.put("Image", c.image());
    node.put("ImageID", c.imageId());
    if (!c.ports().isEmpty()) {
      ArrayNode ports = node.putArray("Ports");
      c.ports().forEach(p -> ports.add(port(p)));
    }
    putMap(node, "Labels", c.labels());
    node.put("DesiredStatus", c.desiredStatus().toString());
    node.put("KnownStatus", c.knownStatus().toString());
    c.exitCode().ifPresent(code -> node.put("ExitCode", code));
    ObjectNode limits = node.putObject("Limits");
    limits.put("CPU", c.cpuUnits());
    limits.put("Memory", c.memoryMiB());
    putTime(node, "CreatedAt", c.createdAt());
    putTime(node, "StartedAt", c.startedAt());
    putTime(node, "FinishedAt", c.finishedAt());
    node.put("Type", CONTAINER_TYPE);
    c.health().ifPresent(h -> node.set("Health", health(h)));
    if (!c.volumes().isEmpty()) {
      ArrayNode volumes = node.putArray("Volumes");
      c.volumes().forEach(v -> volumes.add(volume(v)));
    }
    putString(node, "LogDriver", c.logDriver().orElse(""));
    putMap(node, "LogOptions", c.logOptions());
    putString(node, "ContainerARN", c.containerArn());
    if (!c.networks().isEmpty()) {
      ArrayNode networks = node.putArray("Networks");
      c.networks().forEach(n -> networks.add(network(n)));
    }
    return node;
  }

  /** The document at {@code ${ECS_CONTAINER_METADATA_URI_V4}/task}. */
  static ObjectNode task(TaskMetadata t) {
    ObjectNode node = NODES.objectNode();
    node.put("Cluster", t.cluster());
    node.put("TaskARN", t.taskArn());
    node.put("Family", t.family());
    node.put("Revision", Integer.toString(t.revision()));
    putString(node, "DesiredStatus", t.desiredStatus().toString());
    node.put("KnownStatus", t.knownStatus().toString());
    if (t.cpuUnits() != 0 || t.memoryMiB() != 0) {
      ObjectNode limits = node.putObject("Limits");
      if (t.cpuUnits() != 0) {
        limits.put("CPU", vcpus(t.cpuUnits()));
      }
      if (t.memoryMiB() != 0) {
        limits.put("Memory", t.memoryMiB());
      }
    }
    putTime(node, "PullStartedAt", t.pullStartedAt());
    putTime(node, "PullStoppedAt", t.pullStoppedAt());
    putTime(node, "ExecutionStoppedAt", t.executionStoppedAt());
    putString(node, "AvailabilityZone", t.availabilityZone());
    node.put("LaunchType", LAUNCH_TYPE);
    if (!t.containers().isEmpty()) {
      ArrayNode containers = node.putArray("Containers");
      t.containers().forEach(c -> containers.add(container(c)));
    }
    putString(node, "ServiceName", t.serviceName().orElse(""));
    node.put("FaultInjectionEnabled", false);
    return node;
  }

  /** A JSON string, the agent's form for an error message. */
  static JsonNode message(String text) {
    return NODES.textNode(text);
  }

  /** Compact UTF-8 JSON, as the agent sends it. */
  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serialises", e);
    }
  }

  /** Go's {@code time.RFC3339Nano} in UTC: seconds, then the fraction without trailing zeros (none if zero). */
  static String rfc3339(Instant instant) {
    StringBuilder out = new StringBuilder(SECONDS.format(instant));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append('Z').toString();
  }

  /**
   * Task-level CPU in vCPUs, as Go writes the float: units / 1024 always has a short exact
   * decimal, written plainly (0.0009765625, not 9.765625E-4) and whole numbers without a
   * fraction (2, not 2.0).
   */
  private static JsonNode vcpus(int units) {
    BigDecimal value = BigDecimal.valueOf(units).divide(UNITS_PER_VCPU).stripTrailingZeros();
    return value.scale() <= 0 ? NODES.numberNode(value.longValueExact()) : NODES.numberNode(value);
  }

  private static ObjectNode port(ContainerMetadata.Port p) {
    ObjectNode node = NODES.objectNode();
    if (p.containerPort() != 0) {
      node.put("ContainerPort", p.containerPort());
    }
    node.put("Protocol", p.protocol().toString());
    if (p.hostPort() != 0) {
      node.put("HostPort", p.hostPort());
    }
    putString(node, "HostIp", p.hostIp());
    return node;
  }

  private static ObjectNode health(ContainerMetadata.Health h) {
    ObjectNode node = NODES.objectNode();
    node.put("status", h.status().toString());
    putTime(node, "statusSince", h.since());
    if (h.exitCode() != 0) {
      node.put("exitCode", h.exitCode());
    }
    putString(node, "output", h.output());
    return node;
  }

  private static ObjectNode volume(ContainerMetadata.Volume v) {
    ObjectNode node = NODES.objectNode();
    putString(node, "DockerName", v.dockerName());
    putString(node, "Source", v.source());
    putString(node, "Destination", v.destination());
    return node;
  }

  private static ObjectNode network(ContainerMetadata.Network n) {
    ObjectNode node = NODES.objectNode();
    node.put("NetworkMode", n.networkMode().toString());
    putStrings(node, "IPv4Addresses", n.ipv4Addresses());
    putStrings(node, "IPv6Addresses", n.ipv6Addresses());
    return node;
  }

  private static void putString(ObjectNode node, String name, String value) {
    if (!value.isEmpty()) {
      node.put(name, value);
    }
  }

  private static void putStrings(ObjectNode node, String name, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(name);
      values.forEach(array::add);
    }
  }

  /** Go writes map keys sorted. */
  private static void putMap(ObjectNode node, String name, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode map = node.putObject(name);
      new TreeMap<>(values).forEach(map::put);
    }
  }

  private static void putTime(ObjectNode node, String name, Optional<Instant> value) {
    value.ifPresent(instant -> node.put(name, rfc3339(instant)));
  }
}
