package dev.gantry.placement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The instances of a snapshot in classes by the values of some attributes: two instances share
 * a class exactly when every one of those attributes has the same value on both (lacking the
 * attribute counts as a value of its own). A rule that reads only those attributes answers the
 * same for a whole class, so it is asked once per class; {@code spread} on an attribute counts
 * tasks per class.
 *
 * <p>Classes are numbered from 0 in order of first appearance; {@link #representative} is that
 * first instance. Immutable once built (the arrays are never handed out for writing).
 */
final class AttributeColumn {
  private final int[] classOf;
  private final int[] representatives;

  private AttributeColumn(int[] classOf, int[] representatives) {
    this.classOf = classOf;
    this.representatives = representatives;
  }

  /** One class per distinct value of {@code name}: two map probes per instance, once per snapshot lineage. */
  static AttributeColumn of(InstanceView[] views, String name) {
    // HashMap takes the null key, which stands for "attribute absent" here
    Map<String, Integer> ids = new HashMap<>();
    int[] classOf = new int[views.length];
    int[] representatives = new int[8];
    for (int i = 0; i < views.length; i++) {
      String value = views[i].attributes().get(name);
      Integer known = ids.get(value);
      int id = known != null ? known : ids.size();
      if (known == null) {
        ids.put(value, id);
        representatives = grow(representatives, id);
        representatives[id] = i;
      }
      classOf[i] = id;
    }
    return new AttributeColumn(classOf, Arrays.copyOf(representatives, ids.size()));
  }

  /** The classes of {@code a}'s attributes and {@code b}'s together: one per pair of classes that occurs. */
  static AttributeColumn combine(AttributeColumn a, AttributeColumn b) {
    Map<Long, Integer> ids = new HashMap<>();
    int n = a.classOf.length;
    int[] classOf = new int[n];
    int[] representatives = new int[8];
    for (int i = 0; i < n; i++) {
      Long pair = ((long) a.classOf[i] << 32) | b.classOf[i];
      Integer known = ids.get(pair);
      int id = known != null ? known : ids.size();
      if (known == null) {
        ids.put(pair, id);
        representatives = grow(representatives, id);
        representatives[id] = i;
      }
      classOf[i] = id;
    }
    return new AttributeColumn(classOf, Arrays.copyOf(representatives, ids.size()));
  }

  /** Every instance in one class (the classes of no attributes at all). */
  static AttributeColumn uniform(int n) {
    return new AttributeColumn(new int[n], n == 0 ? new int[0] : new int[] {0});
  }

  private static int[] grow(int[] array, int index) {
    return index < array.length ? array : Arrays.copyOf(array, array.length * 2);
  }

  int classes() {
    return representatives.length;
  }

  int classOf(int instance) {
    return classOf[instance];
  }

  /** The first instance of class {@code c}, whose attributes stand for the whole class. */
  int representative(int c) {
    return representatives[c];
  }
}
