package dev.gantry.server.ops;

import dev.gantry.model.Tag;
import dev.gantry.server.api.EcsException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tag limits ECS applies to every taggable resource: at most 50 tags, unique keys of 1..128
 * characters, values of 0..256 characters, letters/digits/spaces and {@code _ . : / = + - @}
 * only, and the {@code aws:} key prefix reserved (in any letter case).
 */
final class TagRules {
  static final int MAX_TAGS = 50;
  private static final int MAX_KEY = 128;
  private static final int MAX_VALUE = 256;
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private TagRules() {}

  /** The tags as given (empty when absent), or InvalidParameterException naming the first bad one. */
  static List<Tag> check(List<Tag> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_TAGS) {
      throw EcsException.invalidParameter("tags has " + tags.size() + " tags: a resource can have at most "
          + MAX_TAGS + ".");
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      Tag tag = tags.get(i);
      String where = "tags[" + i + "]";
      if (tag == null || tag.key() == null) {
        throw EcsException.invalidParameter(where + ".key is missing: every tag needs a key of 1 to "
            + MAX_KEY + " characters.");
      }
      checkText(where + ".key", tag.key(), 1, MAX_KEY);
      if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw EcsException.invalidParameter(where + ".key '" + tag.key()
            + "' uses the reserved prefix 'aws:': choose a key that does not start with it.");
      }
      if (!keys.add(tag.key())) {
        throw EcsException.invalidParameter(where + ".key '" + tag.key()
            + "' is given twice: each tag key may appear once.");
      }
      if (tag.value() != null) {
        checkText(where + ".value", tag.value(), 0, MAX_VALUE);
      }
    }
    return List.copyOf(tags);
  }

  private static void checkText(String field, String text, int min, int max) {
    int length = text.codePointCount(0, text.length());
    if (length < min || length > max) {
      throw EcsException.invalidParameter(field + " '" + text + "' has " + length + " characters: it must have "
          + min + " to " + max + ".");
    }
    if (!ALLOWED.matcher(text).matches()) {
      throw EcsException.invalidParameter(field + " '" + text + "' has a character that is not allowed: use "
          + "letters, digits, spaces and _ . : / = + - @.");
    }
  }
}
