package dev.gantry.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.gantry.server.api.EcsException;
import dev.gantry.server.api.ErrorType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decodes a request body into its request record and turns every Jackson failure into the
 * error a user can act on: malformed JSON or a member of the wrong JSON type is a
 * SerializationException naming the member path as written ({@code containerDefinitions[0].memory})
 * and the type expected; an unknown enum value is an InvalidParameterException naming the
 * member, the value and the valid values. An empty (or blank) body means {@code {}}.
 */
final class JsonRequestDecoder {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private JsonRequestDecoder() {}

  static Object decode(ObjectReader reader, byte[] body) {
    byte[] json = isBlank(body) ? EMPTY_OBJECT : body;
    Object value;
    try {
      value = reader.readValue(json);
    } catch (InvalidFormatException e) {
      throw invalidValue(e);
    } catch (MismatchedInputException e) {
      throw mismatched(e);
    } catch (JsonMappingException e) {
      // Data binding wraps what the parser threw below it, adding the member path.
      String member = describe(e.getPath());
      if (e.getCause() instanceof InputCoercionException cause) {
        throw outOfRange(member, cause);
      }
      if (e.getCause() instanceof StreamReadException cause) {
        throw malformed(member, cause);
      }
      throw serialization(member, e.getOriginalMessage());
    } catch (InputCoercionException e) {
      throw outOfRange(describe(contextOf(e)), e);
    } catch (StreamReadException e) {
      throw malformed(describe(contextOf(e)), e);
    } catch (IOException e) {
      throw new EcsException(ErrorType.SerializationException, "The request body could not be read as JSON: "
          + e.getMessage());
    }
    if (value == null) {
      throw new EcsException(ErrorType.SerializationException, "The request body must be a JSON object, not null.");
    }
    return value;
  }

  private static EcsException invalidValue(InvalidFormatException e) {
    Class<?> target = e.getTargetType();
    if (target != null && target.isEnum() && e.getValue() instanceof String s) {
      String valid = Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
      return new EcsException(ErrorType.InvalidParameterException, "Invalid value '" + s + "' for member '"
          + describe(e.getPath()) + "'. Valid values: " + valid + ".");
    }
    return mismatched(e);
  }

  private static EcsException mismatched(MismatchedInputException e) {
    String member = describe(e.getPath());
    JsonToken token = e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (original.startsWith("Trailing token")) {
      return new EcsException(ErrorType.SerializationException,
          "The request body has data after its JSON object; send exactly one JSON object.");
    }
    if (member.isEmpty()) {
      return new EcsException(ErrorType.SerializationException, "The request body must be a JSON object"
          + (token == null ? "." : ", not " + describe(token) + "."));
    }
    if (e.getTargetType() == null) {
      return serialization(member, original);
    }
    return new EcsException(ErrorType.SerializationException, "Member '" + member + "' must be "
        + expected(e.getTargetType()) + (token == null ? "." : ", not " + describe(token) + "."));
  }

  private static EcsException malformed(String member, StreamReadException e) {
    var loc = e.getLocation();
    String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return new EcsException(ErrorType.SerializationException, "The request body is not valid JSON" + where
        + (member.isEmpty() ? "" : " (in member '" + member + "')") + ": " + e.getOriginalMessage());
  }

  private static EcsException outOfRange(String member, InputCoercionException e) {
    String type = e.getTargetType() == null ? "a number" : expected(e.getTargetType());
    return new EcsException(ErrorType.SerializationException, "Member '" + member + "' must be " + type
        + " within range; " + tokenText(e) + " is out of range.");
  }

  private static EcsException serialization(String member, String detail) {
    return new EcsException(ErrorType.SerializationException, (member.isEmpty() ? "The request body" : "Member '"
        + member + "'") + " could not be read: " + detail);
  }

  /** The member path as the user wrote it, from the references Jackson collected while unwinding. */
  static String describe(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** The member path from where the parser stopped, for errors raised below data binding. */
  static String describe(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static JsonStreamContext contextOf(JsonProcessingException e) {
    return e.getProcessor() instanceof JsonParser p ? p.getParsingContext() : null;
  }

  private static String tokenText(StreamReadException e) {
    try {
      return e.getProcessor() instanceof JsonParser p ? p.getText() : "the value";
    } catch (IOException ignored) {
      return "the value";
    }
  }

  /** Names a Java member type in the words of the ECS model. */
  static String expected(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Short.class || type == short.class) {
      return "an integer";
    }
    if (type == Long.class || type == long.class) {
      return "a long integer";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class
        || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == Instant.class) {
      return "a timestamp (epoch seconds)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list (JSON array)";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a map (JSON object)";
    }
    return "a structure (JSON object)";
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      default -> "a " + token.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
