package dev.gantry.server.ops;

import dev.gantry.model.Attribute;
import dev.gantry.server.api.EcsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ECS's rules for container-instance attributes. Names: 1-128 letters, numbers, hyphens,
 * underscores, slashes, back slashes, periods. Values (optional): 1-128 of those plus
 * {@code @ :} and spaces, not starting or ending with a space. Attributes whose names start
 * with {@code ecs.} or {@code com.amazonaws.ecs.} are built in (the agent reports them at
 * registration), and so are Gantry's own {@code gantry.} ones (the agent's dynamic port range and
 * default stop timeout, which placement and fencing rely on, so no API call may change them);
 * the others are custom, at most 10 per instance.
 */
final class AttributeRules {
  static final int MAX_PER_CALL = 10;
  static final int MAX_CUSTOM_PER_INSTANCE = 10;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.@/\\\\: -]{1,128}");

  private AttributeRules() {}

  static boolean builtIn(String name) {
    return name.startsWith("ecs.") || name.startsWith("com.amazonaws.ecs.") || name.startsWith("gantry.");
  }

  /** Checks name and value of one attribute; {@code member} names where it came from. */
  static void check(String member, Attribute attribute) {
    if (attribute == null || attribute.name() == null || !NAME.matcher(attribute.name()).matches()) {
      throw EcsException.invalidParameter(member + ": attribute name '" + (attribute == null ? null : attribute.name())
          + "' is not valid: use 1 to 128 letters, numbers, hyphens, underscores, slashes, back slashes or periods.");
    }
    String value = attribute.value();
    if (value != null && (!VALUE.matcher(value).matches() || value.startsWith(" ") || value.endsWith(" "))) {
      throw EcsException.invalidParameter(member + ": value '" + value + "' of attribute '" + attribute.name()
          + "' is not valid: use 1 to 128 letters, numbers, hyphens, underscores, periods, @, slashes, back "
          + "slashes, colons or spaces, not starting or ending with a space.");
    }
  }

  /** The attributes an agent registers with, checked, duplicates refused, reduced to name and value. */
  static List<Attribute> registered(List<Attribute> attributes) {
    List<Attribute> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Attribute a : Members.orEmpty(attributes)) {
      check("attributes", a);
      if (!names.add(a.name())) {
        throw EcsException.invalidParameter("attributes: '" + a.name() + "' appears more than once; give each "
            + "attribute once.");
      }
      out.add(Attribute.builder().name(a.name()).value(a.value()).build());
    }
    return out;
  }

  /**
   * The attributes after an agent registers again: everything it sends now (its built-in view
   * of the host is current), plus custom attributes set earlier (e.g. with PutAttributes) that
   * it does not send, which an agent restart must not wipe out.
   */
  static List<Attribute> reregistered(List<Attribute> existing, List<Attribute> sent) {
    Map<String, Attribute> byName = new LinkedHashMap<>();
    for (Attribute a : Members.orEmpty(existing)) {
      if (!builtIn(a.name())) {
        byName.put(a.name(), a);
      }
    }
    for (Attribute a : sent) {
      byName.put(a.name(), a);
    }
    return new ArrayList<>(byName.values());
  }

  static long customCount(List<Attribute> attributes) {
    return attributes.stream().filter(a -> !builtIn(a.name())).count();
  }
}
