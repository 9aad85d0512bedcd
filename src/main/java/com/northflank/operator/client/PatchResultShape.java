package com.northflank.operator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a PATCH answer (PatchJobResult) into the Get Job shape the rest of the operator speaks, so
 * that it can stand in for a fresh read. The two dialects differ: the answer carries suspension as
 * {@code settings.cron.suspended} and the concurrency policy in lower case, describes the build in
 * {@code buildSettings} and the deployment in another shape, and lacks {@code vcsData}, {@code
 * buildEngineConfiguration}, {@code disabledCD} and the top-level {@code suspended}.
 *
 * <p>What the answer does not carry (or carries in another shape) is taken from the Get Job read
 * the PATCH was computed from, in the same reconcile: a field is never reported absent, or drifted,
 * only because the answer left it out. Objects are merged field by field, so a nested field the
 * answer omits keeps its read value too.
 */
public final class PatchResultShape {

  /** Answer fields whose Get Job counterparts have another shape; the read's values are kept. */
  private static final Set<String> OTHER_SHAPE = Set.of("buildSettings", "deployment", "status");

  /** The top-level fields of the Get Job shape, as the typed view models them. */
  private static final Set<String> GET_JOB_FIELDS =
      Arrays.stream(LiveJob.class.getRecordComponents())
          .map(RecordComponent::getName)
          .collect(Collectors.toUnmodifiableSet());

  private static final Map<String, String> POLICY_GET_FORM =
      Map.of("allow", "Allow", "forbid", "Forbid", "replace", "Replace");

  private PatchResultShape() {}

  /**
   * @param read the {@code data} object of the Get Job read the PATCH was built from
   * @param answer the {@code data} object of the PATCH answer
   * @return a new tree in the Get Job shape; neither argument is changed
   */
  public static ObjectNode toGetJobShape(JsonNode read, JsonNode answer) {
    ObjectNode result =
        read != null && read.isObject()
            ? ((ObjectNode) read).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    if (answer == null || !answer.isObject()) {
      return result;
    }
    ObjectNode translated = ((ObjectNode) answer).deepCopy();
    JsonNode cron = translated.path("settings").path("cron");
    if (cron.isObject()) {
      ObjectNode cronSettings = (ObjectNode) cron;
      JsonNode suspended = cronSettings.remove("suspended");
      if (suspended != null) {
        translated.set("suspended", suspended);
      }
      JsonNode policy = cronSettings.get("concurrencyPolicy");
      if (policy != null && policy.isTextual()) {
        String getForm = POLICY_GET_FORM.get(policy.textValue().toLowerCase(Locale.ROOT));
        if (getForm != null) {
          cronSettings.put("concurrencyPolicy", getForm);
        }
      }
    }
    for (Map.Entry<String, JsonNode> field : translated.properties()) {
      String name = field.getKey();
      if (!OTHER_SHAPE.contains(name) && (GET_JOB_FIELDS.contains(name) || result.has(name))) {
        overlay(result, name, field.getValue());
      }
    }
    return result;
  }

  private static void overlay(ObjectNode target, String name, JsonNode value) {
    JsonNode existing = target.get(name);
    if (existing != null && existing.isObject() && value.isObject()) {
      for (Map.Entry<String, JsonNode> child : value.properties()) {
        overlay((ObjectNode) existing, child.getKey(), child.getValue());
      }
      return;
    }
    target.set(name, value.deepCopy());
  }
}
