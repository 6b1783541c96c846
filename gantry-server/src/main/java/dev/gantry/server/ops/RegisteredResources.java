package dev.gantry.server.ops;

import dev.gantry.model.PlatformDevice;
import dev.gantry.model.PlatformDeviceType;
import dev.gantry.model.Resource;
import dev.gantry.server.api.EcsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources a container instance registers, in the shape ECS reports them: CPU and MEMORY
 * as INTEGER, PORTS and PORTS_UDP as STRINGSET (always present, possibly empty), every numeric
 * member filled (0 where unused) as ECS does, CPU/MEMORY/PORTS/PORTS_UDP first.
 *
 * <p>Remaining resources follow ECS's two conventions: for numbers and for sets of available
 * things (GPU ids) "remaining" is what is still free; for PORTS and PORTS_UDP it is the set of
 * ports taken (reserved ones plus those tasks use). When an instance re-registers, what its
 * tasks hold is carried over onto the new totals.
 */
final class RegisteredResources {
  static final String CPU = "CPU";
  static final String MEMORY = "MEMORY";
  static final String PORTS = "PORTS";
  static final String PORTS_UDP = "PORTS_UDP";
  static final String GPU = "GPU";
  static final String INTEGER = "INTEGER";
  static final String STRINGSET = "STRINGSET";
  private static final Set<String> TYPES = Set.of(INTEGER, "LONG", "DOUBLE", STRINGSET);
  private static final List<String> FIRST = List.of(CPU, MEMORY, PORTS, PORTS_UDP);

  private RegisteredResources() {}

  static List<Resource> normalize(List<Resource> total, List<PlatformDevice> devices) {
    if (total == null || total.isEmpty()) {
      throw EcsException.invalidParameter("totalResources is required: give at least CPU and MEMORY as INTEGER "
          + "resources (CPU units, 1024 per core; memory in MiB).");
    }
    Map<String, Resource> byName = new LinkedHashMap<>();
    for (Resource r : total) {
      Resource n = normalizeOne(r);
      if (byName.putIfAbsent(n.name(), n) != null) {
        throw EcsException.invalidParameter("totalResources: resource '" + n.name() + "' appears more than once.");
      }
    }
    for (String required : List.of(CPU, MEMORY)) {
      if (!byName.containsKey(required)) {
        throw EcsException.invalidParameter("totalResources has no " + required + ": give it as an INTEGER "
            + "resource (" + (required.equals(CPU) ? "CPU units, 1024 per core" : "MiB") + ").");
      }
    }
    byName.putIfAbsent(PORTS, stringSet(PORTS, List.of()));
    byName.putIfAbsent(PORTS_UDP, stringSet(PORTS_UDP, List.of()));
    gpuIds(devices).ifPresent(ids -> byName.putIfAbsent(GPU, stringSet(GPU, ids)));
    List<Resource> out = new ArrayList<>();
    FIRST.forEach(name -> out.add(byName.remove(name)));
    out.addAll(byName.values());
    return out;
  }

  private static Resource normalizeOne(Resource r) {
    if (r == null || r.name() == null || r.name().isEmpty()) {
      throw EcsException.invalidParameter("totalResources: every resource needs a name (CPU, MEMORY, PORTS, "
          + "PORTS_UDP, GPU, ...).");
    }
    String name = r.name();
    if (r.type() == null || !TYPES.contains(r.type())) {
      throw EcsException.invalidParameter("totalResources: type '" + r.type() + "' of resource '" + name
          + "' is not valid: use INTEGER, LONG, DOUBLE or STRINGSET.");
    }
    boolean wantsInteger = name.equals(CPU) || name.equals(MEMORY);
    boolean wantsSet = name.equals(PORTS) || name.equals(PORTS_UDP) || name.equals(GPU);
    if ((wantsInteger && !r.type().equals(INTEGER)) || (wantsSet && !r.type().equals(STRINGSET))) {
      throw EcsException.invalidParameter("totalResources: resource '" + name + "' must have type "
          + (wantsInteger ? INTEGER : STRINGSET) + "; got " + r.type() + ".");
    }
    if (r.type().equals(STRINGSET)) {
      List<String> values = Members.orEmpty(r.stringSetValue());
      if (name.equals(PORTS) || name.equals(PORTS_UDP)) {
        values.forEach(p -> checkPort(name, p));
      }
      return stringSet(name, new ArrayList<>(new LinkedHashSet<>(values)));
    }
    Resource.Builder b = zeros(name, r.type());
    switch (r.type()) {
      case INTEGER -> b.integerValue(nonNegative(name, r.integerValue(), "integerValue"));
      case "LONG" -> b.longValue(nonNegative(name, r.longValue(), "longValue"));
      default -> b.doubleValue(nonNegative(name, r.doubleValue(), "doubleValue"));
    }
    Resource n = b.build();
    if (wantsInteger && n.integerValue() == 0) {
      throw EcsException.invalidParameter("totalResources: " + name + " must be greater than 0.");
    }
    return n;
  }

  private static <N extends Number> N nonNegative(String name, N value, String member) {
    if (value == null || value.doubleValue() < 0) {
      throw EcsException.invalidParameter("totalResources: resource '" + name + "' needs a " + member
          + " of 0 or more; got " + value + ".");
    }
    return value;
  }

  private static void checkPort(String name, String port) {
    try {
      int p = Integer.parseInt(port);
      if (p >= 1 && p <= 65535) {
        return;
      }
    } catch (NumberFormatException notANumber) {
      // falls through to the error below
    }
    throw EcsException.invalidParameter("totalResources: " + name + " value '" + port
        + "' is not a port number between 1 and 65535.");
  }

  private static Optional<List<String>> gpuIds(List<PlatformDevice> devices) {
    List<String> ids = new ArrayList<>();
    for (PlatformDevice d : Members.orEmpty(devices)) {
      if (d == null || d.id() == null || d.id().isEmpty() || d.type() == null) {
        throw EcsException.invalidParameter("platformDevices: every device needs an id and a type (GPU).");
      }
      if (d.type() == PlatformDeviceType.GPU) {
        ids.add(d.id());
      }
    }
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
  }

  /**
   * Remaining resources for new totals, keeping what tasks held under the old ones: numbers and
   * available-sets lose what was in use, PORTS/PORTS_UDP (sets of taken ports) gain it.
   */
  static List<Resource> remaining(List<Resource> registered, List<Resource> oldRegistered, List<Resource> oldRemaining) {
    Map<String, Resource> oldReg = byName(oldRegistered);
    Map<String, Resource> oldRem = byName(oldRemaining);
    List<Resource> out = new ArrayList<>();
    for (Resource r : registered) {
      Resource before = oldReg.get(r.name());
      Resource left = oldRem.get(r.name());
      if (before == null || left == null || !r.type().equals(before.type())) {
        out.add(r);
      } else if (r.type().equals(STRINGSET)) {
        out.add(stringSet(r.name(), carrySet(r, before, left)));
      } else {
        out.add(zeros(r.name(), r.type())
            .integerValue(r.integerValue() - (num(before.integerValue()) - num(left.integerValue())))
            .longValue(r.longValue() - (num(before.longValue()) - num(left.longValue())))
            .doubleValue(r.doubleValue() - (num(before.doubleValue()) - num(left.doubleValue())))
            .build());
      }
    }
    return out;
  }

  private static List<String> carrySet(Resource now, Resource before, Resource left) {
    boolean taken = now.name().equals(PORTS) || now.name().equals(PORTS_UDP);
    Set<String> inUse = new LinkedHashSet<>(set(taken ? left : before));
    inUse.removeAll(set(taken ? before : left));
    Set<String> result = new LinkedHashSet<>(now.stringSetValue());
    if (taken) {
      result.addAll(inUse);
    } else {
      result.removeAll(inUse);
    }
    return new ArrayList<>(result);
  }

  private static List<String> set(Resource r) {
    return Members.orEmpty(r.stringSetValue());
  }

  private static int num(Integer n) {
    return n == null ? 0 : n;
  }

  private static long num(Long n) {
    return n == null ? 0 : n;
  }

  private static double num(Double n) {
    return n == null ? 0 : n;
  }

  private static Map<String, Resource> byName(List<Resource> resources) {
    Map<String, Resource> m = new LinkedHashMap<>();
    for (Resource r : Members.orEmpty(resources)) {
      m.put(r.name(), r);
    }
    return m;
  }

  private static Resource.Builder zeros(String name, String type) {
    return Resource.builder().name(name).type(type).integerValue(0).longValue(0L).doubleValue(0.0);
  }

  private static Resource stringSet(String name, List<String> values) {
    return zeros(name, STRINGSET).stringSetValue(List.copyOf(values)).build();
  }
}
