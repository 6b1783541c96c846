package dev.gantry.placement;

import dev.gantry.model.PlacementStrategy;
import java.util.List;
import java.util.Locale;

/**
 * A placement strategy: best effort, it only orders the instances that passed every filter.
 * Strategies apply in the user's order, each breaking the ties of the one before.
 */
public sealed interface Strategy {
  String AVAILABILITY_ZONE = "attribute:ecs.availability-zone";

  record Random() implements Strategy {}

  /**
   * Fewest tasks of the group per value of {@code field}: {@code instanceId} or {@code host}
   * (per instance), or {@code attribute:<name>} (instances without the attribute form one group).
   */
  record Spread(String field) implements Strategy {
    public Spread {
      if (!field.equalsIgnoreCase("instanceId") && !field.equalsIgnoreCase("host") && !field.startsWith("attribute:")) {
        throw new IllegalArgumentException("spread field must be instanceId, host or attribute:<name>, got '" + field + "'");
      }
    }

    public boolean perInstance() {
      return field.equalsIgnoreCase("instanceId") || field.equalsIgnoreCase("host");
    }

    /** The attribute name for an {@code attribute:<name>} field. */
    public String attributeName() {
      return field.substring("attribute:".length());
    }
  }

  /** Least remaining {@code cpu} or {@code memory} first, so instances fill up one by one. */
  record Binpack(Resource field) implements Strategy {}

  enum Resource { CPU, MEMORY }

  /** The ECS service default: spread across availability zones, then across instances. */
  static List<Strategy> serviceDefault() {
    return List.of(new Spread(AVAILABILITY_ZONE), new Spread("instanceId"));
  }

  /** The wire strategy as a rule; the field was validated by the API layer. */
  static Strategy of(PlacementStrategy wire) {
    String field = wire.field() == null ? "" : wire.field();
    return switch (wire.type()) {
      case RANDOM -> new Random();
      case SPREAD -> new Spread(field);
      case BINPACK -> new Binpack(Resource.valueOf(field.toUpperCase(Locale.ROOT)));
    };
  }
}
