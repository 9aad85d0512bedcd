package com.northflank.operator.model;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One part of a stored NorthflankJob (its spec or its status) read into the model, or why it could
 * not be: a value the model cannot hold (an int32 past its range, a string where a number belongs)
 * that an API server admitted anyway, under an older CRD or from a client that bypassed it. The
 * reason names the field and what it should be, never the value, which may be anything.
 *
 * @param value the part, or null when it could not be read (or was absent)
 * @param problem why it could not be read, or null
 */
record TolerantRead<T>(T value, String problem) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static <T> TolerantRead<T> of(JsonNode node, Class<T> type, String root) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new TolerantRead<>(null, null);
    }
    try {
      return new TolerantRead<>(JSON.treeToValue(node, type), null);
    } catch (JsonMappingException e) {
      return new TolerantRead<>(null, describe(root, e));
    } catch (IOException | RuntimeException e) {
      return new TolerantRead<>(null, root + " cannot be read");
    }
  }

  private static String describe(String root, JsonMappingException e) {
    String path =
        root
            + e.getPath().stream()
                .map(
                    r ->
                        r.getFieldName() != null
                            ? "." + r.getFieldName()
                            : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
    Class<?> target = targetType(e);
    return target == null ? path + " cannot be read" : path + " cannot be read as " + expected(target);
  }

  /** What the value should have been: a mismatch says so, and so does a number out of range. */
  private static Class<?> targetType(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
        return mismatch.getTargetType();
      }
      if (t instanceof InputCoercionException coercion && coercion.getTargetType() != null) {
        return coercion.getTargetType();
      }
    }
    return null;
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return type.getSimpleName();
  }
}
