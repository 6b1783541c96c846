package dev.gantry.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How `gantry agent` is configured: the Amazon ECS container agent's environment variables with
 * its names, defaults and Windows defaults, plus the GANTRY_* variables that say where the
 * server is and let several agents stand for several hosts on one machine.
 *
 * <p>{@link #parse} is pure: the environment and the {@link HostFacts} the defaults depend on
 * come in as arguments. Every unknown ECS_* / GANTRY_* variable and every malformed value is
 * collected into one {@link InvalidAgentConfigException} naming each variable, its value and
 * what would be valid; the agent refuses to start rather than guess.
 */
public record AgentConfig(
    HostFacts host,
    String cluster,
    String dockerHost,
    Path dataDir,
    int reservedMemory,
    List<Integer> reservedPorts,
    List<Integer> reservedPortsUdp,
    ImagePullBehavior imagePullBehavior,
    Duration containerStopTimeout,
    Duration containerStartTimeout,
    Duration taskCleanupWaitDuration,
    Map<String, String> instanceAttributes,
    PortRange dynamicHostPortRange,
    boolean memoryUnboundedWindowsWorkaround,
    boolean cpuUnboundedWindowsWorkaround,
    LogLevel logLevel,
    URI server,
    String accessKeyId,
    String secretAccessKey,
    String region,
    String instanceId,
    Optional<String> availabilityZone,
    Optional<String> instanceType,
    OptionalInt instanceCpu,
    OptionalInt instanceMemory) {

  public static final String ECS_CLUSTER = "ECS_CLUSTER";
  public static final String DOCKER_HOST = "DOCKER_HOST";
  public static final String ECS_DATADIR = "ECS_DATADIR";
  public static final String ECS_RESERVED_MEMORY = "ECS_RESERVED_MEMORY";
  public static final String ECS_RESERVED_PORTS = "ECS_RESERVED_PORTS";
  public static final String ECS_RESERVED_PORTS_UDP = "ECS_RESERVED_PORTS_UDP";
  public static final String ECS_IMAGE_PULL_BEHAVIOR = "ECS_IMAGE_PULL_BEHAVIOR";
  public static final String ECS_CONTAINER_STOP_TIMEOUT = "ECS_CONTAINER_STOP_TIMEOUT";
  public static final String ECS_CONTAINER_START_TIMEOUT = "ECS_CONTAINER_START_TIMEOUT";
  public static final String ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION = "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION";
  public static final String ECS_INSTANCE_ATTRIBUTES = "ECS_INSTANCE_ATTRIBUTES";
  public static final String ECS_DYNAMIC_HOST_PORT_RANGE = "ECS_DYNAMIC_HOST_PORT_RANGE";
  public static final String ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND = "ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND";
  public static final String ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND = "ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND";
  public static final String ECS_LOGLEVEL = "ECS_LOGLEVEL";
  public static final String GANTRY_SERVER = "GANTRY_SERVER";
  public static final String GANTRY_ACCESS_KEY_ID = "GANTRY_ACCESS_KEY_ID";
  public static final String GANTRY_SECRET_ACCESS_KEY = "GANTRY_SECRET_ACCESS_KEY";
  public static final String GANTRY_INSTANCE_ID = "GANTRY_INSTANCE_ID";
  public static final String GANTRY_AVAILABILITY_ZONE = "GANTRY_AVAILABILITY_ZONE";
  public static final String GANTRY_INSTANCE_TYPE = "GANTRY_INSTANCE_TYPE";
  public static final String GANTRY_INSTANCE_CPU = "GANTRY_INSTANCE_CPU";
  public static final String GANTRY_INSTANCE_MEMORY = "GANTRY_INSTANCE_MEMORY";

  /** Every variable the agent reads with an ECS_ or GANTRY_ prefix (DOCKER_HOST has neither). */
  public static final Set<String> AGENT_VARIABLES = Set.of(ECS_CLUSTER, ECS_DATADIR, ECS_RESERVED_MEMORY,
      ECS_RESERVED_PORTS, ECS_RESERVED_PORTS_UDP, ECS_IMAGE_PULL_BEHAVIOR, ECS_CONTAINER_STOP_TIMEOUT,
      ECS_CONTAINER_START_TIMEOUT, ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, ECS_INSTANCE_ATTRIBUTES,
      ECS_DYNAMIC_HOST_PORT_RANGE, ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND,
      ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND, ECS_LOGLEVEL, GANTRY_SERVER, GANTRY_ACCESS_KEY_ID,
      GANTRY_SECRET_ACCESS_KEY, GANTRY_INSTANCE_ID, GANTRY_AVAILABILITY_ZONE, GANTRY_INSTANCE_TYPE,
      GANTRY_INSTANCE_CPU, GANTRY_INSTANCE_MEMORY);

  /**
   * Prefixed variables that belong to someone else and are not typos: the server's and the
   * launcher scripts' GANTRY_* settings (`gantry dev` runs server and agent in one environment),
   * and what ECS injects into task containers (an agent may itself run in a task).
   */
  public static final Set<String> OTHER_COMPONENTS_VARIABLES = Set.of("GANTRY_ROOT_ACCESS_KEY_ID",
      "GANTRY_ROOT_SECRET_ACCESS_KEY", "GANTRY_MIN_JAVA", "GANTRY_SHARED", "GANTRY_SKIP_BUILD", "GANTRY_SKIP_DOCKER",
      "GANTRY_DOCKERD_LOG", "ECS_CONTAINER_METADATA_URI", "ECS_CONTAINER_METADATA_URI_V4", "ECS_AGENT_URI",
      "ECS_CONTAINER_METADATA_FILE");

  public static final String DEFAULT_CLUSTER = "default";
  public static final URI DEFAULT_SERVER = URI.create("http://127.0.0.1:7777");
  public static final String DEFAULT_REGION = "us-east-1";
  static final List<Integer> LINUX_RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);
  /** ECS's Windows list: DNS, RPC, NetBIOS, SMB, Docker, RDP, WinRM, agent introspection and credentials. No SSH. */
  static final List<Integer> WINDOWS_RESERVED_PORTS = List.of(53, 135, 139, 445, 2375, 2376, 3389, 5985, 5986, 51678,
      51679);
  /** ECS's fallback when ip_local_port_range cannot be read. */
  static final PortRange LINUX_FALLBACK_PORT_RANGE = new PortRange(49153, 65535);
  static final PortRange WINDOWS_PORT_RANGE = new PortRange(49152, 65535);
  static final Duration MIN_STOP_TIMEOUT = Duration.ofSeconds(1);
  static final Duration MIN_CLEANUP_WAIT = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern CLUSTER_ARN = Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:cluster/[A-Za-z0-9_-]{1,255}");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
  private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[A-Za-z0-9_.@/\\\\:-]([A-Za-z0-9_.@/\\\\: -]{0,126}[A-Za-z0-9_.@/\\\\:-])?");
  private static final Pattern INSTANCE_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
  private static final int MAX_CUSTOM_ATTRIBUTES = 10;

  public AgentConfig {
    Objects.requireNonNull(host, "host");
    reservedPorts = List.copyOf(reservedPorts);
    reservedPortsUdp = List.copyOf(reservedPortsUdp);
    instanceAttributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(instanceAttributes));
  }

  public HostOs os() {
    return host.os();
  }

  /**
   * The configuration in {@code env} for a host with {@code host}'s facts.
   *
   * @throws InvalidAgentConfigException naming every unknown or malformed variable
   */
  public static AgentConfig parse(Map<String, String> env, HostFacts host) {
    EnvReader r = new EnvReader(env);
    unknownVariables(env, r);
    boolean windows = host.os() == HostOs.WINDOWS;
    String cluster = r.get(ECS_CLUSTER, DEFAULT_CLUSTER, v -> matches(v, CLUSTER_NAME, CLUSTER_ARN),
        "a cluster name of 1-255 letters, numbers, hyphens and underscores, or a cluster ARN (default 'default')");
    String dockerHost = r.get(DOCKER_HOST, windows ? "npipe:////./pipe/docker_engine" : "unix:///var/run/docker.sock",
        AgentConfig::dockerHost, "unix:///path/to/docker.sock, npipe:////./pipe/<name> or tcp://host:port (default "
            + (windows ? "npipe:////./pipe/docker_engine" : "unix:///var/run/docker.sock") + ")");
    String defaultDataDir = windows ? "C:\\ProgramData\\Amazon\\ECS\\data" : "/var/lib/ecs/data";
    Path dataDir = r.get(ECS_DATADIR, Path.of(defaultDataDir), v -> Optional.of(Path.of(v)),
        "a directory path (default " + defaultDataDir + ")");
    int reservedMemory = r.get(ECS_RESERVED_MEMORY, 0, v -> wholeNumber(v, 0),
        "a whole number of MiB, 0 or more, kept back from tasks (default 0)");
    List<Integer> defaultPorts = windows ? WINDOWS_RESERVED_PORTS : LINUX_RESERVED_PORTS;
    List<Integer> reservedPorts = r.get(ECS_RESERVED_PORTS, defaultPorts, AgentConfig::portList,
        "a JSON array of port numbers 1-65535, e.g. [22, 80] (default " + defaultPorts + ")");
    List<Integer> reservedPortsUdp = r.get(ECS_RESERVED_PORTS_UDP, List.of(), AgentConfig::portList,
        "a JSON array of port numbers 1-65535, e.g. [53] (default [])");
    ImagePullBehavior pull = r.get(ECS_IMAGE_PULL_BEHAVIOR, ImagePullBehavior.DEFAULT, ImagePullBehavior::fromValue,
        "one of default, always, once, prefer-cached (default default)");
    Duration stop = r.get(ECS_CONTAINER_STOP_TIMEOUT, Duration.ofSeconds(30), v -> atLeast(v, MIN_STOP_TIMEOUT),
        durationHint(MIN_STOP_TIMEOUT, "30s"));
    Duration minStart = windows ? Duration.ofMinutes(2) : Duration.ofSeconds(45);
    Duration start = r.get(ECS_CONTAINER_START_TIMEOUT, windows ? Duration.ofMinutes(8) : Duration.ofMinutes(3),
        v -> atLeast(v, minStart), durationHint(minStart, windows ? "8m" : "3m"));
    Duration cleanup = r.get(ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, Duration.ofHours(3),
        v -> atLeast(v, MIN_CLEANUP_WAIT), durationHint(MIN_CLEANUP_WAIT, "3h"));
    Map<String, String> attributes = instanceAttributes(r);
    PortRange defaultRange = windows ? WINDOWS_PORT_RANGE
        : host.ipLocalPortRange().flatMap(PortRange::parseKernel).orElse(LINUX_FALLBACK_PORT_RANGE);
    PortRange range = r.get(ECS_DYNAMIC_HOST_PORT_RANGE, defaultRange, PortRange::parseDashed,
        "a range 'start-end' of ports 1-65535 with start <= end (default " + defaultRange + ")");
    boolean memoryWorkaround = r.get(ECS_ENABLE_MEMORY_UNBOUNDED_WINDOWS_WORKAROUND, false, AgentConfig::bool,
        "true or false (default false)");
    boolean cpuWorkaround = r.get(ECS_ENABLE_CPU_UNBOUNDED_WINDOWS_WORKAROUND, false, AgentConfig::bool,
        "true or false (default false)");
    LogLevel logLevel = r.get(ECS_LOGLEVEL, LogLevel.INFO, LogLevel::fromValue,
        "one of debug, info, warn, error, crit (default info)");
    Identity id = identity(r, host);
    if (id.memory().isPresent() && reservedMemory >= id.memory().getAsInt()) {
      r.problem(ECS_RESERVED_MEMORY, Integer.toString(reservedMemory), "less than " + GANTRY_INSTANCE_MEMORY + " ("
          + id.memory().getAsInt() + " MiB), or no memory is left for tasks");
    }
    if (!r.problems().isEmpty()) {
      throw new InvalidAgentConfigException(r.problems());
    }
    return new AgentConfig(host, cluster, dockerHost, dataDir, reservedMemory, reservedPorts, reservedPortsUdp, pull,
        stop, start, cleanup, attributes, range, memoryWorkaround, cpuWorkaround, logLevel, id.server(),
        id.accessKeyId(), id.secret(), id.region(), id.instanceId(), id.zone(), id.type(), id.cpu(), id.memory());
  }

  /** Where the server is, who the agent is to it, and which host it stands for. */
  private record Identity(URI server, String accessKeyId, String secret, String region, String instanceId,
      Optional<String> zone, Optional<String> type, OptionalInt cpu, OptionalInt memory) {}

  private static Identity identity(EnvReader r, HostFacts host) {
    URI server = r.get(GANTRY_SERVER, DEFAULT_SERVER, AgentConfig::serverUrl,
        "an http:// or https:// URL of the Gantry server, e.g. " + DEFAULT_SERVER + " (the default)");
    String accessKeyId = r.required(GANTRY_ACCESS_KEY_ID,
        "required: the access key id of root or agent credentials (`gantry agent-key create`)");
    String secret = r.required(GANTRY_SECRET_ACCESS_KEY, "required: the secret access key that goes with "
        + GANTRY_ACCESS_KEY_ID);
    String region = region(r);
    String defaultInstanceId = host.machineId().orElse(host.hostname());
    String instanceId = r.get(GANTRY_INSTANCE_ID, defaultInstanceId, v -> matches(v, INSTANCE_ID),
        "1-255 printable characters without spaces, stable for this host (default: the machine id, else the host name)");
    Optional<String> zone = r.optional(GANTRY_AVAILABILITY_ZONE, v -> matches(v, ATTRIBUTE_VALUE),
        "1-128 letters, numbers, hyphens, underscores, periods, @, slashes, colons or inner spaces, e.g. us-east-1a");
    Optional<String> type = r.optional(GANTRY_INSTANCE_TYPE, v -> matches(v, ATTRIBUTE_VALUE),
        "1-128 letters, numbers, hyphens, underscores, periods, @, slashes, colons or inner spaces, e.g. m5.large");
    OptionalInt cpu = toOptionalInt(r.optional(GANTRY_INSTANCE_CPU, v -> wholeNumber(v, 1),
        "a whole number of CPU units, 1 or more (1024 per core; default: the host's cores x 1024)"));
    OptionalInt memory = toOptionalInt(r.optional(GANTRY_INSTANCE_MEMORY, v -> wholeNumber(v, 1),
        "a whole number of MiB, 1 or more (default: the host's memory)"));
    return new Identity(server, accessKeyId, secret, region, instanceId, zone, type, cpu, memory);
  }

  private static void unknownVariables(Map<String, String> env, EnvReader r) {
    for (String name : new TreeSet<>(env.keySet())) {
      boolean ours = name.startsWith("ECS_") || name.startsWith("GANTRY_");
      if (!ours || AGENT_VARIABLES.contains(name) || OTHER_COMPONENTS_VARIABLES.contains(name)) {
        continue;
      }
      String value = secretLooking(name) ? "(hidden)" : env.get(name);
      r.problem(name, value, closest(name).map(c -> "not a variable the agent reads: did you mean " + c + "?")
          .orElse("not a variable the agent reads; it reads " + String.join(", ", new TreeSet<>(AGENT_VARIABLES))
              + " and DOCKER_HOST"));
    }
  }

  private static boolean secretLooking(String name) {
    return name.contains("SECRET") || name.contains("PASSWORD") || name.contains("TOKEN");
  }

  /** The known name a typo most likely meant: at most 3 edits away. */
  private static Optional<String> closest(String name) {
    String best = null;
    int bestDistance = 4;
    for (String known : new TreeSet<>(AGENT_VARIABLES)) {
      int d = editDistance(name, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The SDK's own region variables (they carry no ECS_/GANTRY_ prefix); Gantry's default region otherwise. */
  private static String region(EnvReader r) {
    for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
      Optional<String> v = r.raw(name);
      if (v.isPresent()) {
        return r.get(name, DEFAULT_REGION, s -> matches(s, REGION),
            "an AWS region name such as us-east-1 (default " + DEFAULT_REGION + ")");
      }
    }
    return DEFAULT_REGION;
  }

  private static Optional<String> matches(String v, Pattern... patterns) {
    for (Pattern p : patterns) {
      if (p.matcher(v).matches()) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> wholeNumber(String v, int min) {
    if (!v.matches("\\d{1,9}")) {
      return Optional.empty();
    }
    int n = Integer.parseInt(v);
    return n >= min ? Optional.of(n) : Optional.empty();
  }

  private static Optional<Boolean> bool(String v) {
    return TRUE.contains(v) ? Optional.of(true) : FALSE.contains(v) ? Optional.of(false) : Optional.empty();
  }

  private static Optional<Duration> atLeast(String v, Duration min) {
    return GoDuration.parse(v).filter(d -> d.compareTo(min) >= 0);
  }

  private static String durationHint(Duration min, String dflt) {
    return "a duration of at least " + GoDuration.format(min) + " in Go syntax, e.g. 30s, 2m, 1h30m (default " + dflt
        + ")";
  }

  private static Optional<List<Integer>> portList(String v) {
    JsonNode node;
    try {
      node = JSON.readTree(v);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isArray()) {
      return Optional.empty();
    }
    Set<Integer> ports = new LinkedHashSet<>();
    for (JsonNode p : node) {
      if (!p.isIntegralNumber() || p.asLong() < 1 || p.asLong() > 65535) {
        return Optional.empty();
      }
      ports.add(p.asInt());
    }
    return Optional.of(List.copyOf(ports));
  }

  private static Optional<String> dockerHost(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("unix://")) {
      return v.length() > "unix://".length() + 1 && v.charAt("unix://".length()) == '/' ? Optional.of(v) : Optional.empty();
    }
    if (lower.startsWith("npipe://")) {
      return v.length() > "npipe://".length() ? Optional.of(v) : Optional.empty();
    }
    if (lower.startsWith("tcp://")) {
      try {
        URI uri = URI.create(v);
        return uri.getHost() != null && uri.getPort() > 0 ? Optional.of(v) : Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<URI> serverUrl(String v) {
    URI uri;
    try {
      uri = URI.create(v);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    boolean bare = uri.getRawQuery() == null && uri.getRawFragment() == null
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
    if (!web || uri.getHost() == null || !bare) {
      return Optional.empty();
    }
    return Optional.of(URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority()));
  }

  private static Map<String, String> instanceAttributes(EnvReader r) {
    String valid = "a JSON object of at most " + MAX_CUSTOM_ATTRIBUTES + " custom attributes, e.g. "
        + "{\"stack\": \"prod\"}: names of 1-128 letters, numbers, hyphens, underscores, slashes, back slashes or "
        + "periods, not starting with ecs. or com.amazonaws.ecs.; string values of 1-128 letters, numbers, hyphens, "
        + "underscores, periods, @, slashes, colons or inner spaces";
    return r.get(ECS_INSTANCE_ATTRIBUTES, Map.of(), AgentConfig::attributeMap, valid);
  }

  private static Optional<Map<String, String>> attributeMap(String v) {
    JsonNode node;
    try {
      node = JSON.readTree(v);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject() || node.size() > MAX_CUSTOM_ATTRIBUTES) {
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    node.fields().forEachRemaining(e -> {
      String name = e.getKey();
      JsonNode value = e.getValue();
      boolean nameOk = ATTRIBUTE_NAME.matcher(name).matches() && !name.startsWith("ecs.")
          && !name.startsWith("com.amazonaws.ecs.");
      if (!nameOk || !value.isTextual() || !ATTRIBUTE_VALUE.matcher(value.asText()).matches()) {
        bad.add(name);
      } else {
        out.put(name, value.asText());
      }
    });
    return bad.isEmpty() ? Optional.of(out) : Optional.empty();
  }

  private static OptionalInt toOptionalInt(Optional<Integer> v) {
    return v.map(OptionalInt::of).orElse(OptionalInt.empty());
  }

  /** Never prints the secret access key. */
  @Override
  public String toString() {
    return "AgentConfig[os=" + os() + ", cluster=" + cluster + ", dockerHost=" + dockerHost + ", dataDir=" + dataDir
        + ", reservedMemory=" + reservedMemory + ", reservedPorts=" + reservedPorts + ", reservedPortsUdp="
        + reservedPortsUdp + ", imagePullBehavior=" + imagePullBehavior + ", containerStopTimeout="
        + containerStopTimeout + ", containerStartTimeout=" + containerStartTimeout + ", taskCleanupWaitDuration="
        + taskCleanupWaitDuration + ", instanceAttributes=" + instanceAttributes + ", dynamicHostPortRange="
        + dynamicHostPortRange + ", memoryUnboundedWindowsWorkaround=" + memoryUnboundedWindowsWorkaround
        + ", cpuUnboundedWindowsWorkaround=" + cpuUnboundedWindowsWorkaround + ", logLevel=" + logLevel + ", server="
        + server + ", accessKeyId=" + accessKeyId + ", region=" + region + ", instanceId=" + instanceId
        + ", availabilityZone=" + availabilityZone + ", instanceType=" + instanceType + ", instanceCpu=" + instanceCpu
        + ", instanceMemory=" + instanceMemory + "]";
  }
}
