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
 * ECS's rules for resource tags: at most 50 per resource, keys of 1..128 and values of 0..256
 * characters (counted as Unicode code points) drawn from letters, numbers, separators and
 * {@code _ . : / = + - @}, and keys starting with {@code aws:} in any case reserved. Reserved
 * keys the system put on a resource do not count against the limit and cannot be changed.
 */
final class TagRules {
  static final int MAX_TAGS = 50;
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 256;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final String RESERVED_PREFIX = "aws:";
  private static final String CHARACTERS = "letters, numbers, spaces and _ . : / = + - @";

  private TagRules() {}

  /** The tags of a TagResource request, checked one by one; a tag without a value gets "". */
  static List<Tag> checkedTags(List<Tag> tags) {
    if (tags == null) {
      throw EcsException.invalidParameter("tags is required: give a list of {key, value} pairs (it may be empty).");
    }
    if (tags.size() > MAX_TAGS) {
      throw EcsException.invalidParameter("tags has " + tags.size() + " entries; at most " + MAX_TAGS
          + " tags are allowed per resource.");
    }
    List<Tag> out = new ArrayList<>(tags.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      String member = "tags[" + i + "]";
      if (tag == null) {
        throw EcsException.invalidParameter(member + " is null: each tag needs a key and an optional value.");
      }
      String key = checkedKey(member + ".key", tag.key());
      String value = tag.value() == null ? "" : tag.value();
      checkText(member + ".value", value, 0, MAX_VALUE_LENGTH);
      if (!seen.add(key)) {
        throw EcsException.invalidParameter(member + ".key '" + key
            + "' appears more than once in tags: each tag key must be unique.");
      }
      out.add(new Tag(key, value));
    }
    return out;
  }

  /** Tags given when a resource is created: optional there, so absent means none. */
  static List<Tag> check(List<Tag> tags) {
    return tags == null ? List.of() : checkedTags(tags);
  }

  /** The keys of an UntagResource request. */
  static List<String> checkedKeys(List<String> tagKeys) {
    if (tagKeys == null) {
      throw EcsException.invalidParameter("tagKeys is required: give the list of tag keys to remove.");
    }
    List<String> out = new ArrayList<>(tagKeys.size());
    for (int i = 0; i < tagKeys.size(); i++) {
      out.add(checkedKey("tagKeys[" + i + "]", tagKeys.get(i)));
    }
    return out;
  }

  /**
   * {@code existing} with {@code added} applied: values of keys already present are replaced in
   * place, new keys are appended. Fails when the user tags would exceed the per-resource limit.
   */
  static List<Tag> merged(List<Tag> existing, List<Tag> added) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (Tag t : Members.orEmpty(existing)) {
      byKey.put(t.key(), t.value());
    }
    for (Tag t : added) {
      byKey.put(t.key(), t.value());
    }
    long userTags = byKey.keySet().stream().filter(k -> !reserved(k)).count();
    if (userTags > MAX_TAGS) {
      long had = Members.orEmpty(existing).stream().filter(t -> !reserved(t.key())).count();
      throw EcsException.invalidParameter("tags: the resource would have " + userTags + " tags, more than the "
          + MAX_TAGS + " allowed per resource (it has " + had + "); remove some with UntagResource first.");
    }
    List<Tag> out = new ArrayList<>(byKey.size());
    byKey.forEach((k, v) -> out.add(new Tag(k, v)));
    return out;
  }

  /** {@code existing} without the tags whose key is in {@code removed}; absent keys are ignored. */
  static List<Tag> without(List<Tag> existing, List<String> removed) {
    Set<String> drop = Set.copyOf(removed);
    return existing.stream().filter(t -> !drop.contains(t.key())).toList();
  }

  static boolean reserved(String key) {
    return key != null && key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX);
  }

  private static String checkedKey(String member, String key) {
    if (key == null) {
      throw EcsException.invalidParameter(member + " is required: a tag key is 1 to " + MAX_KEY_LENGTH
          + " characters.");
    }
    checkText(member, key, 1, MAX_KEY_LENGTH);
    if (reserved(key)) {
      throw EcsException.invalidParameter(member + " '" + key + "' starts with 'aws:', a prefix reserved for "
          + "AWS use in any combination of upper and lower case; choose a key without it.");
    }
    return key;
  }

  private static void checkText(String member, String text, int min, int max) {
    int length = text.codePointCount(0, text.length());
    if (length < min || length > max) {
      throw EcsException.invalidParameter(member + " '" + abbreviated(text) + "' is " + length
          + " characters long; it must be " + min + " to " + max + " characters.");
    }
    if (!ALLOWED.matcher(text).matches()) {
      throw EcsException.invalidParameter(member + " '" + abbreviated(text) + "' contains a character that is "
          + "not allowed; use only " + CHARACTERS + ".");
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
