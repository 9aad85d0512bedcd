package com.northflank.operator.client;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a 2xx body into a {@link JobSnapshot}, a {@link JobPage} or a {@link RunPage}, strictly:
 * Jackson by default reads {@code "true"} as a boolean, {@code "600"} or {@code ""} as a number, 42
 * as a string and truncates 1.5 to 1. Any of those in a Get Job response means the API changed a
 * field's meaning, and guessing could turn a real difference into silence or a false drift. Unknown
 * fields stay harmless.
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
    return snapshot(dataObject(root(body)));
  }

  /**
   * A PATCH answer, in the Get Job shape: {@link PatchResultShape} fills in what the answer lacks
   * from the read the PATCH was computed from.
   */
  static JobSnapshot readPatched(byte[] body, JobSnapshot before) throws Invalid {
    return snapshot(PatchResultShape.toGetJobShape(before.document(), dataObject(root(body))));
  }

  /**
   * A Create Job answer, in the Get Job shape ({@link CreateResultShape}); its {@code id} is
   * required, since it is the id Northflank gave the job.
   */
  static JobSnapshot readCreated(byte[] body, ProjectRef project) throws Invalid {
    JobSnapshot created =
        snapshot(CreateResultShape.toGetJobShape(dataObject(root(body)), project.projectId()));
    if (created.job().id() == null || created.job().id().isBlank()) {
      throw new Invalid("field 'data.id' is missing");
    }
    return created;
  }

  /**
   * A List Jobs body: {@code data.jobs} and {@code pagination}. A page that says more follows must
   * say where (a cursor), or the caller could only start over or stop early without knowing it.
   */
  static JobPage readPage(byte[] body) throws Invalid {
    JsonNode root = root(body);
    JsonNode data = dataObject(root);
    JsonNode jobs = data.get("jobs");
    if (jobs == null || !jobs.isArray()) {
      throw new Invalid("body has no data.jobs array");
    }
    List<JobSummary> summaries = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      String at = "data.jobs[" + i + "]";
      JsonNode job = jobs.get(i);
      if (!job.isObject()) {
        throw new Invalid("'" + at + "' is not an object");
      }
      JobSummary summary = bind(job, JobSummary.class, at);
      if (summary.id() == null || summary.id().isBlank()) {
        throw new Invalid("field '" + at + ".id' is missing");
      }
      summaries.add(summary);
    }
    JsonNode pagination = root.get("pagination");
    if (pagination == null || !pagination.isObject()) {
      throw new Invalid("body has no pagination object");
    }
    JsonNode hasNextPage = pagination.get("hasNextPage");
    if (hasNextPage == null || !hasNextPage.isBoolean()) {
      throw new Invalid("field 'pagination.hasNextPage' is missing or not a boolean");
    }
    JsonNode cursor = pagination.get("cursor");
    boolean more = hasNextPage.booleanValue();
    if (more && (cursor == null || !cursor.isTextual() || cursor.textValue().isBlank())) {
      throw new Invalid("pagination.hasNextPage is true but there is no cursor");
    }
    return new JobPage(summaries, more, more ? cursor.textValue() : null);
  }

  /**
   * A Get Job Runs body: {@code data.runs}, each run an object; {@code pagination} is optional
   * here, since only the first page is ever read.
   */
  static RunPage readRuns(byte[] body) throws Invalid {
    JsonNode root = root(body);
    JsonNode runs = dataObject(root).get("runs");
    if (runs == null || !runs.isArray()) {
      throw new Invalid("body has no data.runs array");
    }
    List<JobRun> page = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      String at = "data.runs[" + i + "]";
      if (!runs.get(i).isObject()) {
        throw new Invalid("'" + at + "' is not an object");
      }
      page.add(bind(runs.get(i), JobRun.class, at));
    }
    JsonNode hasNextPage = root.path("pagination").path("hasNextPage");
    return new RunPage(page, hasNextPage.isBoolean() && hasNextPage.booleanValue());
  }

  private static JsonNode dataObject(JsonNode root) throws Invalid {
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new Invalid("body has no data object");
    }
    return data;
  }

  private static JsonNode root(byte[] body) throws Invalid {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new Invalid("body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new Invalid("body is not a JSON object");
    }
    return root;
  }

  private static JobSnapshot snapshot(JsonNode data) throws Invalid {
    return new JobSnapshot(bind(data, LiveJob.class, "data"), data);
  }

  private static <T> T bind(JsonNode node, Class<T> type, String at) throws Invalid {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      // Jackson's own message quotes the offending value, which could be anything the server
      // echoed; only the path is kept.
      throw new Invalid("field '" + path(e, at) + "' has an unexpected type or value");
    } catch (JacksonException e) {
      throw new Invalid("'" + at + "' could not be read");
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

  private static String path(JsonMappingException e, String root) {
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
    if (path.length() == 0) {
      return root;
    }
    return path.charAt(0) == '[' ? root + path : root + "." + path;
  }
}
