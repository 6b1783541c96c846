package dev.gantry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ECS service model's facts (operations, shapes, members, enums, limits, error shapes), read
 * from the stripped resource that {@code scripts/strip-model} writes.
 *
 * <p>Goal: give validators a typed view of the wire contract without shipping AWS's prose. The
 * resource is parsed once ({@link #ecs()}); every shape reference is checked at load time so a
 * broken resource fails loudly instead of producing odd validation problems later.
 */
public final class ServiceModel {
  static final String ECS_RESOURCE = "ecs-2014-11-13.shapes.json";

  private static volatile ServiceModel ecs;

  private final String targetPrefix;
  private final Map<String, Operation> operations;
  private final Map<String, Shape> shapes;

  private ServiceModel(String targetPrefix, Map<String, Operation> operations, Map<String, Shape> shapes) {
    this.targetPrefix = targetPrefix;
    this.operations = Collections.unmodifiableMap(operations);
    this.shapes = Collections.unmodifiableMap(shapes);
  }

  /** The ECS model (2014-11-13) from gantry-testkit's resources, loaded once. */
  public static ServiceModel ecs() {
    ServiceModel model = ecs;
    if (model == null) {
      synchronized (ServiceModel.class) {
        if (ecs == null) {
          try (InputStream in = ServiceModel.class.getResourceAsStream(ECS_RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("resource dev/gantry/testkit/" + ECS_RESOURCE
                  + " is missing from the classpath; run scripts/strip-model");
            }
            ecs = load(in);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ECS_RESOURCE, e);
          }
        }
        model = ecs;
      }
    }
    return model;
  }

  /** Parses a stripped model (the format scripts/strip-model writes). */
  public static ServiceModel load(InputStream json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    Map<String, Shape> shapes = new LinkedHashMap<>();
    root.path("shapes").properties().forEach(e -> shapes.put(e.getKey(), parseShape(e.getKey(), e.getValue())));
    Map<String, Operation> operations = new LinkedHashMap<>();
    root.path("operations").properties().forEach(e -> operations.put(e.getKey(), parseOperation(e.getKey(), e.getValue())));
    ServiceModel model = new ServiceModel(root.path("metadata").path("targetPrefix").asText(), operations, shapes);
    model.checkReferences();
    return model;
  }

  /** The JSON 1.1 target prefix, e.g. {@code AmazonEC2ContainerServiceV20141113}. */
  public String targetPrefix() {
    return targetPrefix;
  }

  public Map<String, Operation> operations() {
    return operations;
  }

  public Optional<Operation> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }

  public Optional<Shape> shape(String name) {
    return Optional.ofNullable(shapes.get(name));
  }

  /** Like {@link #shape} for a name the model itself refers to (checked at load time). */
  Shape require(String name) {
    Shape shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalStateException("the service model refers to an unknown shape " + name);
    }
    return shape;
  }

  private void checkReferences() {
    List<String> dangling = new ArrayList<>();
    operations.values().forEach(op -> {
      op.input().ifPresent(s -> check(op.name(), s, dangling));
      op.output().ifPresent(s -> check(op.name(), s, dangling));
      op.errors().forEach(s -> check(op.name(), s, dangling));
    });
    shapes.values().forEach(shape -> {
      switch (shape) {
        case StructureShape s -> s.members().values().forEach(m -> check(s.name(), m, dangling));
        case ListShape l -> check(l.name(), l.member(), dangling);
        case MapShape m -> {
          check(m.name(), m.key(), dangling);
          check(m.name(), m.value(), dangling);
        }
        case StringShape s -> { }
        case ScalarShape s -> { }
      }
    });
    if (!dangling.isEmpty()) {
      throw new IllegalStateException("the service model refers to unknown shapes: " + dangling);
    }
  }

  private void check(String from, String shape, List<String> dangling) {
    if (!shapes.containsKey(shape)) {
      dangling.add(from + " -> " + shape);
    }
  }

  private static Operation parseOperation(String name, JsonNode node) {
    List<String> errors = new ArrayList<>();
    node.path("errors").forEach(e -> errors.add(e.asText()));
    return new Operation(name, text(node, "input"), text(node, "output"), List.copyOf(errors));
  }

  private static Shape parseShape(String name, JsonNode node) {
    String type = node.path("type").asText();
    Limits limits = new Limits(decimal(node, "min"), decimal(node, "max"));
    return switch (type) {
      case "structure" -> {
        Map<String, String> members = new LinkedHashMap<>();
        node.path("members").properties().forEach(e -> members.put(e.getKey(), e.getValue().asText()));
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        yield new StructureShape(name, Collections.unmodifiableMap(members), Collections.unmodifiableSet(required),
            node.path("exception").asBoolean(), node.path("fault").asBoolean(), node.path("document").asBoolean());
      }
      case "list" -> new ListShape(name, node.path("member").asText(), limits);
      case "map" -> new MapShape(name, node.path("key").asText(), node.path("value").asText(), limits);
      case "string" -> {
        List<String> values = new ArrayList<>();
        node.path("enum").forEach(v -> values.add(v.asText()));
        yield new StringShape(name, List.copyOf(values), limits);
      }
      default -> new ScalarShape(name, ScalarType.fromModel(name, type), limits);
    };
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  private static Optional<BigDecimal> decimal(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).decimalValue()) : Optional.empty();
  }

  /** An operation: its input and output structures and the error shapes it declares. */
  public record Operation(String name, Optional<String> input, Optional<String> output, List<String> errors) { }

  /** Inclusive bounds: a length for strings, lists and maps, a value for numbers. */
  public record Limits(Optional<BigDecimal> min, Optional<BigDecimal> max) {
    /** The violated bound described for a message, or empty when {@code value} fits. */
    Optional<String> violation(BigDecimal value) {
      if (min.isPresent() && value.compareTo(min.get()) < 0) {
        return Optional.of("at least " + min.get().stripTrailingZeros().toPlainString());
      }
      if (max.isPresent() && value.compareTo(max.get()) > 0) {
        return Optional.of("at most " + max.get().stripTrailingZeros().toPlainString());
      }
      return Optional.empty();
    }
  }

  /** A shape of the model, one record per kind of JSON value it describes. */
  public sealed interface Shape permits StructureShape, ListShape, MapShape, StringShape, ScalarShape {
    String name();
  }

  /**
   * A JSON object with named members; {@code document} means free-form JSON, {@code fault} marks
   * a server-side error (HTTP 500).
   */
  public record StructureShape(String name, Map<String, String> members, Set<String> required,
      boolean exception, boolean fault, boolean document) implements Shape { }

  public record ListShape(String name, String member, Limits limits) implements Shape { }

  public record MapShape(String name, String key, String value, Limits limits) implements Shape { }

  /** A string; a non-empty {@code enumValues} lists every value the wire may carry. */
  public record StringShape(String name, List<String> enumValues, Limits limits) implements Shape { }

  public record ScalarShape(String name, ScalarType type, Limits limits) implements Shape { }

  /** The non-string scalar types of botocore models. */
  public enum ScalarType {
    BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, TIMESTAMP, BLOB;

    static ScalarType fromModel(String shape, String type) {
      for (ScalarType t : values()) {
        if (t.name().equalsIgnoreCase(type)) {
          return t;
        }
      }
      throw new IllegalStateException("shape " + shape + " has unsupported type '" + type + "'");
    }
  }
}
