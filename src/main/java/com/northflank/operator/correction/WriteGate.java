package com.northflank.operator.correction;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.Pause;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The last look at a resource before a write to Northflank goes out on its behalf. A reconcile
 * reads its resource once, at its start, and may then wait (for the request budget, for Northflank)
 * before it writes; whatever happened to the resource meanwhile, as the Kubernetes API holds it now
 * (one GET: the informer's cache may be a watch event behind), is honoured: a deletion, the pause
 * annotation, a spec that no longer asks for the write, or any other spec change (the write would
 * carry what the old spec asked for). Corrections and creates ask it; a delete asks its own
 * question of the same fresh read ({@code JobDeletion}: still Delete, not paused).
 */
public final class WriteGate {

  /** Why a write is held back. */
  public enum Hold {
    GONE("the resource was deleted", true),
    DELETING("the resource is being deleted", true),
    PAUSED("the resource was paused (" + Pause.ANNOTATION + ")", false),
    NO_LONGER_WANTED("the spec no longer asks for it", false),
    SPEC_CHANGED("the spec changed", false);

    private final String happened;
    private final boolean resourceGoing;

    Hold(String happened, boolean resourceGoing) {
      this.happened = happened;
      this.resourceGoing = resourceGoing;
    }

    /** What happened, for a condition message. */
    public String message() {
      return happened + " while the write waited";
    }

    /** The resource is going away: nothing of this reconcile is worth recording. */
    public boolean resourceGoing() {
      return resourceGoing;
    }
  }

  private WriteGate() {}

  /**
   * @param read the resource as this reconcile read it
   * @param current the resource as the Kubernetes API holds it now; empty when deleted
   * @param stillWanted whether a version of the resource asks for this write (for a correction:
   *     {@code driftPolicy: Correct})
   * @return why the write must not go out, or empty when it may
   */
  public static Optional<Hold> check(
      NorthflankJob read, Optional<NorthflankJob> current, Predicate<NorthflankJob> stillWanted) {
    if (current.isEmpty()) {
      return Optional.of(Hold.GONE);
    }
    NorthflankJob now = current.get();
    if (now.isMarkedForDeletion()) {
      return Optional.of(Hold.DELETING);
    }
    if (Pause.isPaused(now)) {
      return Optional.of(Hold.PAUSED);
    }
    if (now.getSpec() == null || !stillWanted.test(now)) {
      return Optional.of(Hold.NO_LONGER_WANTED);
    }
    if (!Objects.equals(now.getMetadata().getGeneration(), read.getMetadata().getGeneration())) {
      return Optional.of(Hold.SPEC_CHANGED);
    }
    return Optional.empty();
  }
}
