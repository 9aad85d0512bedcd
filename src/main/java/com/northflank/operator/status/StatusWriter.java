package com.northflank.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.json.MergePatch;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes a NorthflankJob's status: a JSON merge patch of only what changed, or
 * nothing at all when nothing did (nor for a deleted resource). The patch carries the resourceVersion it was computed against,
 * so a concurrent write is detected and the patch recomputed (JOSDK's update-and-cache helper), and
 * the written resource is cached so the next reconcile sees it.
 */
public final class StatusWriter {

  private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * After a conflict JOSDK waits for the informer to bring a newer copy; its default of 10s would
   * hold a reconcile thread long after the watch has normally caught up.
   */
  private static final int CONFLICT_RETRIES = 3;

  private static final Duration FRESH_COPY_WAIT = Duration.ofSeconds(2);
  private static final Duration FRESH_COPY_POLL = Duration.ofMillis(50);

  /**
   * Returns the resource as it now stands, written or not. A deleted resource is never written: it
   * has no status left to show, and a patch would only meet 404.
   */
  public NorthflankJob write(
      NorthflankJob job, NorthflankJobStatus desired, Context<NorthflankJob> context) {
    if (context.isPrimaryResourceDeleted()) {
      return job;
    }
    ObjectNode changes = changes(job, desired);
    if (changes.isEmpty()) {
      return job;
    }
    try {
      return PrimaryUpdateAndCacheUtils.updateAndCacheResource(
          job,
          context,
          current -> current,
          // after a conflict the helper hands over a fresher copy, against which the patch is
          // computed again
          current -> patch(current, current == job ? changes : changes(current, desired), context),
          CONFLICT_RETRIES,
          FRESH_COPY_WAIT.toMillis(),
          FRESH_COPY_POLL.toMillis());
    } catch (OperatorException gaveUp) {
      // the helper throws its own exception only once conflicts (409) outlasted its retries or
      // its wait for a fresher copy; any other API error reaches here as it was
      throw new StatusConflict(gaveUp);
    }
  }

  /**
   * What to patch; against the stored status as it is when the model could not read it, so that the
   * patch also removes what the model does not hold.
   */
  static ObjectNode changes(NorthflankJob job, NorthflankJobStatus desired) {
    JsonNode stored = job.unreadableStatusTree().orElseGet(() -> tree(job.getStatus()));
    return MergePatch.diff(stored.isObject() ? stored : JSON.createObjectNode(), tree(desired));
  }

  private static NorthflankJob patch(
      NorthflankJob current, ObjectNode statusPatch, Context<NorthflankJob> context) {
    if (statusPatch.isEmpty()) {
      return current;
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("metadata").put("resourceVersion", current.getMetadata().getResourceVersion());
    body.set("status", statusPatch);
    log.debug("Status patch {}", statusPatch);
    return context
        .getClient()
        .resource(target(current))
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
  }

  /**
   * Only name and namespace: patching by name alone would make fabric8 GET the resource first, and
   * a full copy would make it clone one; it only needs to know where to send the patch.
   */
  private static NorthflankJob target(NorthflankJob current) {
    NorthflankJob target = new NorthflankJob();
    target.setMetadata(
        new ObjectMetaBuilder()
            .withName(current.getMetadata().getName())
            .withNamespace(current.getMetadata().getNamespace())
            .build());
    return target;
  }

  private static JsonNode tree(NorthflankJobStatus status) {
    return status == null ? JSON.createObjectNode() : JSON.valueToTree(status);
  }
}
