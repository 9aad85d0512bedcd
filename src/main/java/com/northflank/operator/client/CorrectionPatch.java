package com.northflank.operator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The body of a correcting {@code PATCH jobs/{jobId}}: the declared values of the drifted fields
 * PATCH can change ({@link PatchableFields}), each at its place in the PATCH dialect, and nothing
 * else. An undrifted field is not sent, so a change someone made to it in Northflank meanwhile is
 * not overwritten; a field PATCH cannot change is never sent.
 *
 * @param body the request body, e.g. {@code {"settings":{"cron":{"concurrencyPolicy":"allow"}}}}
 * @param fields the spec.job paths it corrects, in the order given
 */
public record CorrectionPatch(ObjectNode body, List<String> fields) {

  /** PATCH takes these enum values in lower case where Get Job (and so spec.job) capitalises. */
  private static final String CONCURRENCY_POLICY = "settings.cron.concurrencyPolicy";

  public CorrectionPatch {
    fields = List.copyOf(fields);
  }

  /**
   * @param desired the {@code spec.job} tree
   * @param drifted the spec.job paths whose live values differ (drift entries' {@code field})
   */
  public static CorrectionPatch of(JsonNode desired, Collection<String> drifted) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    List<String> fields = new ArrayList<>();
    for (String field : drifted) {
      Optional<String> target = PatchableFields.patchPath(field);
      JsonNode value = desired == null ? null : desired.at("/" + field.replace('.', '/'));
      if (target.isEmpty() || value == null || value.isMissingNode() || value.isNull()) {
        continue;
      }
      put(body, target.get(), dialect(field, value));
      fields.add(field);
    }
    return new CorrectionPatch(body, fields);
  }

  /**
   * The same patch, keeping the live job's ownership tag ({@link
   * com.northflank.operator.model.OwnershipTag}) when it corrects the tags: PATCH replaces the
   * whole list, and spec.job.tags does not declare the operator's own mark.
   */
  public CorrectionPatch keepingOwnershipTag(JsonNode live) {
    if (!body.path("tags").isArray() || live == null || !live.path("tags").isArray()) {
      return this;
    }
    ObjectNode kept = body.deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode tags = (com.fasterxml.jackson.databind.node.ArrayNode) kept.get("tags");
    for (JsonNode tag : live.get("tags")) {
      if (com.northflank.operator.model.OwnershipTag.isOwnershipTag(tag)) {
        tags.add(tag.deepCopy());
      }
    }
    return new CorrectionPatch(kept, fields);
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  private static JsonNode dialect(String field, JsonNode value) {
    if (field.equals(CONCURRENCY_POLICY) && value.isTextual()) {
      return JsonNodeFactory.instance.textNode(value.textValue().toLowerCase(Locale.ROOT));
    }
    return value.deepCopy();
  }

  private static void put(ObjectNode body, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode parent = body;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = parent.get(parts[i]);
      parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
    }
    parent.set(parts[parts.length - 1], value);
  }
}
