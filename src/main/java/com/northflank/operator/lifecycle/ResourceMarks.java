package com.northflank.operator.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes the operator's lifecycle marks on a NorthflankJob ({@link Lifecycle}): the create-pending
 * annotation and the finalizer. The operator adds and removes its finalizer itself rather than
 * through JOSDK: JOSDK's automatic finalizer (a Cleaner, or the default when events are not all
 * delivered) would sit on every resource, while this one must exist only while deletionPolicy is
 * Delete and the resource owns its job, so that a namespace with Orphan resources is never held.
 *
 * <p>Each write is one JSON patch (RFC 6902) built from the resource as the cache holds it, with a
 * {@code test} of what it changes: a list that changed meanwhile makes the patch fail (and the
 * reconcile retry) rather than overwrite someone else's finalizer. No GET: the cache serves reads.
 */
public final class ResourceMarks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANNOTATION_PATH =
      "/metadata/annotations/" + escape(Lifecycle.CREATE_PENDING);

  /** A JSON pointer token (RFC 6901). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Records that a create is about to go out (and the digest of the spec.creation it carries), and
   * holds the resource with the finalizer when its
   * deletion is to delete the job: both written, together, before the POST.
   */
  public NorthflankJob beginCreate(
      KubernetesClient client, NorthflankJob job, boolean holdForDeletion, Instant now) {
    ArrayNode ops = JSON.createArrayNode();
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String createdFrom = CreationNotes.digest(job);
    // fabric8's model holds a resource without annotations as an empty map, not null
    if (annotations == null || annotations.isEmpty()) {
      ObjectNode value = JsonNodeFactory.instance.objectNode();
      value.put(Lifecycle.CREATE_PENDING, now.toString());
      value.put(CreationNotes.CREATED_FROM, createdFrom);
      ops.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", value);
    } else {
      ops.addObject().put("op", "add").put("path", ANNOTATION_PATH).put("value", now.toString());
      ops.addObject()
          .put("op", "add")
          .put("path", "/metadata/annotations/" + escape(CreationNotes.CREATED_FROM))
          .put("value", createdFrom);
    }
    if (holdForDeletion && !Lifecycle.hasFinalizer(job)) {
      addFinalizer(job, ops);
    }
    return patch(client, job, ops);
  }

  /**
   * Brings the marks in line with what is now on record: the create-pending annotation removed
   * when {@code bound} (a job is bound: no create is in flight any more), and the finalizer present
   * exactly when {@code hold}. Writes nothing when they already are.
   */
  public void settle(KubernetesClient client, NorthflankJob job, boolean bound, boolean hold) {
    ArrayNode ops = JSON.createArrayNode();
    if (bound && Lifecycle.createPending(job)) {
      ops.addObject().put("op", "remove").put("path", ANNOTATION_PATH);
    }
    if (hold && !Lifecycle.hasFinalizer(job)) {
      addFinalizer(job, ops);
    } else if (!hold && Lifecycle.hasFinalizer(job)) {
      removeFinalizer(job, ops);
    }
    if (!ops.isEmpty()) {
      patch(client, job, ops);
    }
  }

  /** Lets the resource go: its finalizer removed, so that its deletion completes. */
  public void release(KubernetesClient client, NorthflankJob job) {
    if (Lifecycle.hasFinalizer(job)) {
      ArrayNode ops = JSON.createArrayNode();
      removeFinalizer(job, ops);
      patch(client, job, ops);
    }
  }

  private static void addFinalizer(NorthflankJob job, ArrayNode ops) {
    List<String> finalizers = job.getMetadata().getFinalizers();
    if (finalizers == null || finalizers.isEmpty()) {
      ArrayNode value = JsonNodeFactory.instance.arrayNode().add(Lifecycle.FINALIZER);
      ops.addObject().put("op", "add").put("path", "/metadata/finalizers").set("value", value);
    } else {
      ArrayNode expected = JsonNodeFactory.instance.arrayNode();
      finalizers.forEach(expected::add);
      ops.addObject().put("op", "test").put("path", "/metadata/finalizers").set("value", expected);
      ops.addObject()
          .put("op", "add")
          .put("path", "/metadata/finalizers/-")
          .put("value", Lifecycle.FINALIZER);
    }
  }

  private static void removeFinalizer(NorthflankJob job, ArrayNode ops) {
    int index = job.getMetadata().getFinalizers().indexOf(Lifecycle.FINALIZER);
    String path = "/metadata/finalizers/" + index;
    ops.addObject().put("op", "test").put("path", path).put("value", Lifecycle.FINALIZER);
    ops.addObject().put("op", "remove").put("path", path);
  }

  /**
   * Sent to a copy holding only name and namespace, as the status writer does: patching by name
   * alone would make fabric8 GET the resource first (a verb the operator is not granted).
   */
  private static NorthflankJob patch(KubernetesClient client, NorthflankJob job, ArrayNode ops) {
    NorthflankJob target = new NorthflankJob();
    target.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(job.getMetadata().getName())
            .withNamespace(job.getMetadata().getNamespace())
            .build());
    return client.resource(target).patch(PatchContext.of(PatchType.JSON), ops.toString());
  }
}
