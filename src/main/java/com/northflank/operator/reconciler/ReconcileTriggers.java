package com.northflank.operator.reconciler;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.Pause;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/** Which changes of a NorthflankJob are worth a reconcile. */
final class ReconcileTriggers {

  private ReconcileTriggers() {}

  /**
   * Which updates of a NorthflankJob start a reconcile: a new generation (a spec change), a change
   * of the pause annotation, or the start of a deletion. Status writes, the operator's own
   * included, change none of them and so trigger nothing; the other annotations and labels neither.
   * JOSDK's generation-aware filter alone would also swallow the annotation, so the operator sets
   * this one instead.
   */
  static OnUpdateFilter<NorthflankJob> updatesThatMatter() {
    return (updated, old) ->
        generationIncreased(updated, old)
            || !Objects.equals(Pause.annotation(updated), Pause.annotation(old))
            || (updated.isMarkedForDeletion() && !old.isMarkedForDeletion());
  }

  private static boolean generationIncreased(NorthflankJob updated, NorthflankJob old) {
    Long now = updated.getMetadata().getGeneration();
    Long before = old.getMetadata().getGeneration();
    return now == null || before == null || now > before;
  }
}
