package com.northflank.operator.northflank;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Optional;

/**
 * Turns a 2xx body into a {@link JobSnapshot}, strictly: Jackson by default reads {@code "true"} as
 * a boolean, {@code "600"} or {@code ""} as a number, 42 as a string and truncates 1.5 to 1. Any of
 * those in a Get Job response means the API changed a field's meaning, and guessing could turn a
 * real difference into silence or a false drift. Unknown fields stay harmless.
 */
final class JobDocumentReader {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .withCoercionConfig(
              LogicalType.Textual,
              cfg ->
                  cfg.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .withCoercionConfigDefaults(
              cfg -> cfg.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
          .build();

  /** Why a body was unusable; the text names a field at most, never a value. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  private JobDocumentReader() {}

  static JobSnapshot read(byte[] body) throws Invalid {
    JsonNode data = data(body);
    return snapshot(data);
  }

  /**
   * A PATCH answer, in the Get Job shape: {@link PatchResultShape} fills in what the answer lacks
   * from the read the PATCH was computed from.
   */
  static JobSnapshot readPatched(byte[] body, JobSnapshot before) throws Invalid {
    return snapshot(PatchResultShape.toGetJobShape(before.document(), data(body)));
  }

  private static JsonNode data(byte[] body) throws Invalid {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new Invalid("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new Invalid("body is not a JSON object");
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new Invalid("body has no data object");
    }
    return data;
  }

  private static JobSnapshot snapshot(JsonNode data) throws Invalid {
    try {
      return new JobSnapshot(MAPPER.treeToValue(data, LiveJob.class), data);
    } catch (JsonMappingException e) {
      // Jackson's own message quotes the offending value, which could be anything the server
      // echoed; only the path is kept.
      throw new Invalid("field '" + path(e) + "' has an unexpected type or value");
    } catch (JacksonException e) {
      throw new Invalid("data object could not be read");
    }
  }

  /** The {@code error.message} of a failure body, when it is JSON and has one. */
  static Optional<String> errorMessage(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode message = root == null ? null : root.path("error").path("message");
    return message != null && message.isTextual() && !message.asText().isBlank()
        ? Optional.of(message.asText())
        : Optional.empty();
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "data" : "data." + path;
  }
}
