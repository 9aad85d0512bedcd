package com.northflank.operator.reconciler;

import com.northflank.operator.model.NorthflankJob;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * The annotation {@code northflank.com/paused: "true"}: no Northflank API call for the resource
 * (reads or writes) until it is removed.
 */
public final class Pause {

  public static final String ANNOTATION = "northflank.com/paused";

  private Pause() {}

  public static boolean isPaused(NorthflankJob job) {
    return "true".equals(annotation(job));
  }

  /**
   * Which updates of a NorthflankJob start a reconcile: a new generation (a spec change), a change
   * of the pause annotation, or the start of a deletion. Status writes, the operator's own
   * included, change none of them and so trigger nothing; the other annotations and labels neither.
   * JOSDK's generation-aware filter alone would also swallow the annotation, so the operator sets
   * this one instead.
   */
  public static OnUpdateFilter<NorthflankJob> updatesThatMatter() {
    return (updated, old) ->
        generationIncreased(updated, old)
            || !Objects.equals(annotation(updated), annotation(old))
            || (updated.isMarkedForDeletion() && !old.isMarkedForDeletion());
  }

  private static boolean generationIncreased(NorthflankJob updated, NorthflankJob old) {
    Long now = updated.getMetadata().getGeneration();
    Long before = old.getMetadata().getGeneration();
    return now == null || before == null || now > before;
  }

  private static String annotation(NorthflankJob job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }
}
