package dev.gantry.model.validation;

import java.util.Collection;
import java.util.stream.Collectors;

/** How a value the user gave is shown inside a violation message. */
final class ValueText {
  /** Long enough for any real name, short enough that one bad value can't drown the rest. */
  private static final int SHOWN = 64;

  private ValueText() {}

  /** {@code 'value'}, shortened with its length when long, and {@code ''} for the empty string. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= SHOWN) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, SHOWN) + "...' (" + value.length() + " characters)";
  }

  /** Quoted names joined with commas, for "valid names are ..." hints. */
  static String quoteAll(Collection<String> values) {
    if (values.isEmpty()) {
      return "(none)";
    }
    return values.stream().map(ValueText::quote).collect(Collectors.joining(", "));
  }
}
