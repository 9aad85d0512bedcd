package com.northflank.operator.lifecycle;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One job, one owner in the cluster: among the resources that write to the same job (create,
 * correct or delete it), the oldest keeps it, and every newer one makes no write. Resources that
 * only read (Never, Report, Orphan) claim nothing and are claimed by nothing: any number of them may
 * observe one job, as before. Pure: the resources come from the informer's cache.
 */
public final class Claims {

  /** Oldest first; the same creation second is decided by namespace and name, so always alike. */
  private static final Comparator<NorthflankJob> AGE =
      Comparator.comparing(
              (NorthflankJob j) ->
                  Objects.requireNonNullElse(j.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(j -> Objects.requireNonNullElse(j.getMetadata().getNamespace(), ""))
          .thenComparing(j -> Objects.requireNonNullElse(j.getMetadata().getName(), ""));

  private Claims() {}

  /**
   * The older resource that holds the job this one names, as {@code namespace/name}; empty when
   * this one is the oldest writer, or writes nothing.
   */
  public static Optional<String> olderClaimant(NorthflankJob job, Stream<NorthflankJob> all) {
    if (!writes(job)) {
      return Optional.empty();
    }
    return all.filter(other -> !sameResource(job, other))
        .filter(Claims::writes)
        .filter(other -> !other.isMarkedForDeletion())
        .filter(other -> sameJob(job.getSpec(), other.getSpec()))
        .filter(other -> AGE.compare(other, job) < 0)
        .min(AGE)
        .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName());
  }

  private static boolean writes(NorthflankJob job) {
    return job.getSpec() != null && job.getSpec().writes();
  }

  private static boolean sameResource(NorthflankJob a, NorthflankJob b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  private static boolean sameJob(NorthflankJobSpec a, NorthflankJobSpec b) {
    return Objects.equals(a.projectId(), b.projectId()) && Objects.equals(a.jobId(), b.jobId());
  }
}
