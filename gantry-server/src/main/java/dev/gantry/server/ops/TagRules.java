package dev.gantry.server.ops;

import dev.gantry.model.Tag;
import dev.gantry.server.api.EcsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ECS's rules for resource tags: at most 50 per resource, unique keys of 1-128 characters,
 * values of 0-256, letters/numbers/spaces and {@code + - = . _ : / @}, and no {@code aws:}
 * prefix (in any case) on keys or values, which AWS reserves for itself.
 */
final class TagRules {
  static final int MAX_TAGS = 50;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private TagRules() {}

  /** The tags as given, validated; an empty list for null. */
  static List<Tag> validate(String member, List<Tag> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_TAGS) {
      throw EcsException.invalidParameter(member + " has " + tags.size() + " tags; a resource can have at most "
          + MAX_TAGS + ".");
    }
    Set<String> keys = new HashSet<>();
    for (Tag tag : tags) {
      if (tag == null || tag.key() == null || tag.key().isEmpty() || tag.key().length() > 128) {
        throw EcsException.invalidParameter(member + ": every tag needs a key of 1 to 128 characters; got "
            + (tag == null ? "null" : "'" + tag.key() + "'") + ".");
      }
      checkText(member, "key", tag.key());
      String value = tag.value() == null ? "" : tag.value();
      if (value.length() > 256) {
        throw EcsException.invalidParameter(member + ": the value of tag '" + tag.key()
            + "' is longer than 256 characters.");
      }
      checkText(member, "value", value);
      if (!keys.add(tag.key())) {
        throw EcsException.invalidParameter(member + ": tag key '" + tag.key() + "' appears more than once; "
            + "each key can have only one value.");
      }
    }
    return List.copyOf(tags);
  }

  /** {@code existing} with {@code added} applied (same key: the added value wins), checked against the limit. */
  static List<Tag> merge(String member, List<Tag> existing, List<Tag> added) {
    Map<String, Tag> byKey = new LinkedHashMap<>();
    for (Tag tag : existing == null ? List.<Tag>of() : existing) {
      byKey.put(tag.key(), tag);
    }
    for (Tag tag : validate(member, added)) {
      byKey.put(tag.key(), tag);
    }
    if (byKey.size() > MAX_TAGS) {
      throw EcsException.invalidParameter(member + " would give the resource " + byKey.size()
          + " tags; a resource can have at most " + MAX_TAGS + ".");
    }
    return new ArrayList<>(byKey.values());
  }

  private static void checkText(String member, String part, String text) {
    if (!ALLOWED.matcher(text).matches()) {
      throw EcsException.invalidParameter(member + ": tag " + part + " '" + text + "' has characters that are not "
          + "allowed: use letters, numbers, spaces and + - = . _ : / @.");
    }
    if (text.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      throw EcsException.invalidParameter(member + ": tag " + part + " '" + text + "' starts with 'aws:', a prefix "
          + "reserved for AWS use.");
    }
  }
}
