package dev.gantry.model.validation;

import dev.gantry.model.RegisterTaskDefinitionRequest;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders violations as the fields appear in the request (the wire records declare members in
 * the API's order), so a user reads them top to bottom alongside their JSON whichever rule found
 * them. A path such as {@code containerDefinitions[1].portMappings[0].hostPort} becomes the key
 * (member position, list index, member position, ...); keys compare element by element, a
 * prefix first; violations with equal keys keep the order the rules reported them in.
 */
final class FieldOrder {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9]+)(?:\\[(\\d+)])?");
  private static final Comparator<List<Integer>> KEYS = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  private FieldOrder() {}

  static List<Violation> sort(List<Violation> violations) {
    List<Violation> sorted = new ArrayList<>(violations);
    sorted.sort(Comparator.comparing((Violation v) -> key(v.field()), KEYS));
    return sorted;
  }

  /** The ordering key of a field path; members no record declares sort after those it does. */
  static List<Integer> key(String path) {
    List<Integer> key = new ArrayList<>();
    Class<?> type = RegisterTaskDefinitionRequest.class;
    for (String segment : path.split("\\.")) {
      Matcher m = SEGMENT.matcher(segment);
      if (!m.matches()) {
        key.add(Integer.MAX_VALUE);
        break;
      }
      int position = type == null ? -1 : position(type, m.group(1));
      key.add(position < 0 ? Integer.MAX_VALUE : position);
      if (m.group(2) != null) {
        key.add(Integer.parseInt(m.group(2)));
      }
      type = position < 0 ? null : recordType(type.getRecordComponents()[position].getGenericType());
    }
    return key;
  }

  /** Where the record declares the member, or -1. */
  private static int position(Class<?> type, String member) {
    RecordComponent[] components = type.getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(member)) {
        return i;
      }
    }
    return -1;
  }

  /** The record a member holds, looking through {@code List<T>}; null for anything else. */
  private static Class<?> recordType(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      type = p.getActualTypeArguments()[0];
    }
    return type instanceof Class<?> c && c.isRecord() ? c : null;
  }
}
