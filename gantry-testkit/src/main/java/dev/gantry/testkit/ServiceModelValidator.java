package dev.gantry.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.gantry.testkit.ServiceModel.ListShape;
import dev.gantry.testkit.ServiceModel.Limits;
import dev.gantry.testkit.ServiceModel.MapShape;
import dev.gantry.testkit.ServiceModel.Operation;
import dev.gantry.testkit.ServiceModel.ScalarShape;
import dev.gantry.testkit.ServiceModel.Shape;
import dev.gantry.testkit.ServiceModel.StringShape;
import dev.gantry.testkit.ServiceModel.StructureShape;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks JSON bodies of the ECS JSON 1.1 protocol against the service model and says what is
 * wrong, each problem prefixed with a JSON path ({@code $.clusters[0].status: ...}).
 *
 * <p>Checked, recursively: members exist in their structure, JSON types match the shape types
 * (integers within 32/64-bit range, timestamps as epoch-second numbers), enum values, required
 * members, min/max of strings, lists, maps and numbers, and no {@code null} (ECS omits absent
 * members). Errors: HTTP 400 (500 for fault shapes), {@code __type} naming an error the operation
 * declares or a protocol error every AWS JSON service shares, a non-blank {@code message}, and
 * header {@code X-Amzn-ErrorType} agreeing with {@code __type}. Not checked: string patterns.
 *
 * <p>An empty list means the body is valid. Thread-safe.
 */
public final class ServiceModelValidator {
  /** Protocol-level errors any AWS JSON 1.1 operation may return, declared or not. */
  public static final Set<String> COMMON_ERRORS = Set.of(
      "UnknownOperationException", "SerializationException", "UnrecognizedClientException",
      "InvalidSignatureException", "IncompleteSignatureException", "MissingAuthenticationTokenException",
      "AccessDeniedException", "ThrottlingException", "ServerException");

  static final String ERROR_TYPE_HEADER = "X-Amzn-ErrorType";
  // Epoch seconds stay below this until the year 5138; epoch milliseconds of today are above it.
  private static final BigDecimal LATEST_PLAUSIBLE_SECONDS = BigDecimal.valueOf(100_000_000_000L);
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final JsonMapper STRICT_JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // keep 4.0 as written, so a message quotes the body faithfully
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private final ServiceModel model;

  public ServiceModelValidator() {
    this(ServiceModel.ecs());
  }

  public ServiceModelValidator(ServiceModel model) {
    this.model = model;
  }

  public ServiceModel model() {
    return model;
  }

  /** Problems of a successful response body of {@code operation}. */
  public List<String> validateOutput(String operation, byte[] body) {
    return parsed(body, json -> validateOutput(operation, json));
  }

  public List<String> validateOutput(String operation, JsonNode body) {
    return validateTop(operation, body, Operation::output);
  }

  /** Problems of a request body of {@code operation}. */
  public List<String> validateInput(String operation, byte[] body) {
    return parsed(body, json -> validateInput(operation, json));
  }

  public List<String> validateInput(String operation, JsonNode body) {
    return validateTop(operation, body, Operation::input);
  }

  /**
   * Problems of an error response to {@code operation} (which may be a name the model does not
   * know: then only {@link #COMMON_ERRORS} fit). Header names are matched case-insensitively.
   */
  public List<String> validateError(String operation, int status, Map<String, ? extends Collection<String>> headers,
      byte[] body) {
    return parsed(body, json -> validateError(operation, status, headers, json));
  }

  public List<String> validateError(String operation, int status, Map<String, ? extends Collection<String>> headers,
      JsonNode body) {
    List<String> problems = new ArrayList<>();
    if (!body.isObject()) {
      problems.add("$: an error body must be a JSON object, got " + describe(body));
      return problems;
    }
    JsonNode typeNode = body.get("__type");
    if (typeNode == null || !typeNode.isTextual()) {
      problems.add("$.__type: " + (typeNode == null ? "missing" : "expected a string, got " + describe(typeNode))
          + "; an error body names its error shape in __type");
      return problems;
    }
    String type = typeNode.asText();
    Optional<StructureShape> shape = model.shape(type)
        .filter(s -> s instanceof StructureShape st && st.exception())
        .map(StructureShape.class::cast);
    List<String> declared = model.operation(operation).map(Operation::errors).orElse(List.of());
    boolean known = shape.isPresent() || COMMON_ERRORS.contains(type);
    if (!known) {
      problems.add("$.__type: \"" + type + "\" is not an error shape of the model nor a common AWS JSON error");
    } else if (!declared.contains(type) && !COMMON_ERRORS.contains(type)) {
      problems.add("$.__type: " + type + " is not an error that " + operation + " declares (declared: "
          + String.join(", ", declared) + "; common: " + String.join(", ", COMMON_ERRORS.stream().sorted().toList()) + ")");
    }
    if (known) {
      int expected = shape.map(StructureShape::fault).orElse(false) ? 500 : 400;
      if (status != expected) {
        problems.add("HTTP status " + status + " for " + type + "; expected " + expected);
      }
    }
    checkErrorTypeHeader(type, headers, problems);
    checkErrorMembers(body, shape, problems);
    return problems;
  }

  private List<String> validateTop(String operation, JsonNode body, Function<Operation, Optional<String>> side) {
    List<String> problems = new ArrayList<>();
    Optional<Operation> op = model.operation(operation);
    if (op.isEmpty()) {
      problems.add("operation " + operation + ": not an operation of the service model");
      return problems;
    }
    Optional<String> shape = side.apply(op.get());
    if (shape.isEmpty()) {
      if (!body.isObject() || !body.isEmpty()) {
        problems.add("$: " + operation + " has no members here, so the body must be {}, got " + describe(body));
      }
      return problems;
    }
    validate(body, model.require(shape.get()), "$", problems);
    return problems;
  }

  private void checkErrorTypeHeader(String type, Map<String, ? extends Collection<String>> headers,
      List<String> problems) {
    Optional<String> header = headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(ERROR_TYPE_HEADER))
        .flatMap(e -> e.getValue().stream())
        .findFirst();
    if (header.isEmpty()) {
      problems.add("header " + ERROR_TYPE_HEADER + ": missing; expected " + type);
      return;
    }
    String value = header.get();
    int colon = value.indexOf(':');
    // Some AWS services append ":http://internal.amazon.com/..." to the shape name; clients drop it.
    String headerType = colon < 0 ? value : value.substring(0, colon);
    if (!headerType.equals(type)) {
      problems.add("header " + ERROR_TYPE_HEADER + ": \"" + value + "\" does not match __type " + type);
    }
  }

  private void checkErrorMembers(JsonNode body, Optional<StructureShape> shape, List<String> problems) {
    JsonNode message = body.get("message");
    if (message == null) {
      problems.add("$: missing member message; an error says what went wrong in message");
    } else if (!message.isTextual()) {
      problems.add("$.message: expected a string, got " + describe(message));
    } else if (message.asText().isBlank()) {
      problems.add("$.message: blank; an error message names the field, the value and what is valid");
    }
    body.properties().forEach(e -> {
      String name = e.getKey();
      if (name.equals("__type") || name.equals("message")) {
        return;
      }
      String path = memberPath("$", name);
      String memberShape = shape.map(s -> s.members().get(name)).orElse(null);
      if (memberShape == null) {
        problems.add(path + ": unknown member of " + shape.map(Shape::name).orElse("a protocol error"));
      } else {
        validate(e.getValue(), model.require(memberShape), path, problems);
      }
    });
  }

  private void validate(JsonNode node, Shape shape, String path, List<String> problems) {
    if (node.isNull()) {
      problems.add(path + ": null (" + shape.name() + "); absent members are omitted, never null");
      return;
    }
    switch (shape) {
      case StructureShape s -> validateStructure(node, s, path, problems);
      case ListShape l -> validateList(node, l, path, problems);
      case MapShape m -> validateMap(node, m, path, problems);
      case StringShape s -> validateString(node, s, path, problems);
      case ScalarShape s -> validateScalar(node, s, path, problems);
    }
  }

  private void validateStructure(JsonNode node, StructureShape shape, String path, List<String> problems) {
    if (shape.document()) {
      return;
    }
    if (!node.isObject()) {
      problems.add(path + ": expected an object (" + shape.name() + "), got " + describe(node));
      return;
    }
    node.properties().forEach(e -> {
      String memberPath = memberPath(path, e.getKey());
      String memberShape = shape.members().get(e.getKey());
      if (memberShape == null) {
        problems.add(memberPath + ": unknown member of " + shape.name());
      } else {
        validate(e.getValue(), model.require(memberShape), memberPath, problems);
      }
    });
    for (String required : shape.required()) {
      if (!node.has(required)) {
        problems.add(path + ": missing required member " + required + " of " + shape.name());
      }
    }
  }

  private void validateList(JsonNode node, ListShape shape, String path, List<String> problems) {
    if (!node.isArray()) {
      problems.add(path + ": expected an array (" + shape.name() + "), got " + describe(node));
      return;
    }
    checkLimits(shape.limits(), node.size(), "elements", shape.name(), path, problems);
    Shape member = model.require(shape.member());
    for (int i = 0; i < node.size(); i++) {
      validate(node.get(i), member, path + "[" + i + "]", problems);
    }
  }

  private void validateMap(JsonNode node, MapShape shape, String path, List<String> problems) {
    if (!node.isObject()) {
      problems.add(path + ": expected an object (" + shape.name() + "), got " + describe(node));
      return;
    }
    checkLimits(shape.limits(), node.size(), "entries", shape.name(), path, problems);
    Shape key = model.require(shape.key());
    Shape value = model.require(shape.value());
    node.properties().forEach(e -> {
      String entryPath = memberPath(path, e.getKey());
      if (key instanceof StringShape keyShape) {
        validateString(STRICT_JSON.getNodeFactory().textNode(e.getKey()), keyShape, entryPath + " (key)", problems);
      }
      validate(e.getValue(), value, entryPath, problems);
    });
  }

  private void validateString(JsonNode node, StringShape shape, String path, List<String> problems) {
    if (!node.isTextual()) {
      problems.add(path + ": expected a string (" + shape.name() + "), got " + describe(node));
      return;
    }
    String text = node.asText();
    if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
      problems.add(path + ": \"" + text + "\" is not a " + shape.name() + " value (valid: "
          + String.join(", ", shape.enumValues()) + ")");
    }
    checkLimits(shape.limits(), text.codePointCount(0, text.length()), "characters", shape.name(), path, problems);
  }

  private void validateScalar(JsonNode node, ScalarShape shape, String path, List<String> problems) {
    String problem = switch (shape.type()) {
      case BOOLEAN -> node.isBoolean() ? null : "expected a boolean";
      case INTEGER -> !node.isIntegralNumber() ? "expected an integer"
          : node.canConvertToInt() ? null : "expected an integer within 32-bit range";
      case LONG -> !node.isIntegralNumber() ? "expected an integer"
          : node.canConvertToLong() ? null : "expected an integer within 64-bit range";
      case FLOAT, DOUBLE -> node.isNumber() ? null : "expected a number";
      case TIMESTAMP -> timestampProblem(node);
      case BLOB -> node.isTextual() && isBase64(node.asText()) ? null : "expected a base64 string";
    };
    if (problem != null) {
      problems.add(path + ": " + problem + " (" + shape.name() + "), got " + describe(node));
      return;
    }
    if (node.isNumber()) {
      shape.limits().violation(node.decimalValue()).ifPresent(bound ->
          problems.add(path + ": " + node.asText() + " is out of range for " + shape.name() + "; must be " + bound));
    }
  }

  private static String timestampProblem(JsonNode node) {
    if (!node.isNumber()) {
      return "expected a timestamp as a number of epoch seconds";
    }
    if (node.decimalValue().signum() < 0) {
      return "expected epoch seconds, not a negative number";
    }
    if (node.decimalValue().compareTo(LATEST_PLAUSIBLE_SECONDS) >= 0) {
      return "expected epoch seconds; this looks like epoch milliseconds";
    }
    return null;
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void checkLimits(Limits limits, int size, String unit, String shape, String path,
      List<String> problems) {
    limits.violation(BigDecimal.valueOf(size)).ifPresent(bound ->
        problems.add(path + ": " + size + " " + unit + "; " + shape + " must have " + bound));
  }

  private static String memberPath(String parent, String name) {
    return PLAIN_NAME.matcher(name).matches() ? parent + "." + name : parent + "[" + quote(name) + "]";
  }

  private static String quote(String text) {
    return STRICT_JSON.getNodeFactory().textNode(text).toString();
  }

  /** A JSON value for a message: its JSON kind and its text, shortened. */
  static String describe(JsonNode node) {
    String kind = switch (node.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
    if (node.getNodeType() == JsonNodeType.NULL) {
      return kind;
    }
    String text = node.toString();
    return kind + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
  }

  private static List<String> parsed(byte[] body, Function<JsonNode, List<String>> check) {
    if (body.length == 0) {
      return List.of("$: the body is empty; an AWS JSON 1.1 response carries at least {}");
    }
    try {
      return check.apply(STRICT_JSON.readTree(body));
    } catch (JsonProcessingException e) {
      return List.of("$: the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return List.of("$: the body cannot be read: " + e.getMessage());
    }
  }
}
