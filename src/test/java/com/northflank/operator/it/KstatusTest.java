package com.northflank.operator.it;

import static com.northflank.operator.it.RealNorthflankJobs.condition;
import static com.northflank.operator.it.RealNorthflankJobs.specEditedSince;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How Flux (kustomize-controller's health checks and {@code wait}) judges NorthflankJobs: kstatus,
 * applied to JSON the real operator produced.
 */
class KstatusTest {

  private static RealNorthflankJobs jobs;

  enum Status {
    InProgress,
    Failed,
    Current,
    Terminating
  }

  record Result(Status status, String message) {}

  @BeforeAll
  static void produceRealResources() {
    jobs = RealNorthflankJobs.get();
  }

  /**
   * kstatus' rules for a resource without type-specific rules (every custom resource), following
   * https://github.com/kubernetes-sigs/cli-utils/blob/master/pkg/kstatus/README.md and its generic
   * checks, in this order:
   *
   * <ol>
   *   <li>metadata.deletionTimestamp set: Terminating.
   *   <li>metadata.generation and status.observedGeneration both present and different: InProgress
   *       (the controller has not seen the latest spec). When observedGeneration is absent this
   *       check is skipped.
   *   <li>The standard "abnormal-true" conditions, in list order: Reconciling=True is InProgress,
   *       Stalled=True is Failed.
   *   <li>The Ready condition, when present: True is Current, False is InProgress.
   *   <li>Otherwise Current: no known condition means kstatus assumes the resource is reconciled.
   * </ol>
   */
  static Result kstatus(JsonNode resource) {
    JsonNode metadata = resource.path("metadata");
    JsonNode status = resource.path("status");
    if (!metadata.path("deletionTimestamp").asText("").isEmpty()) {
      return new Result(Status.Terminating, "Resource scheduled for deletion");
    }
    if (metadata.has("generation") && status.has("observedGeneration")) {
      long generation = metadata.get("generation").asLong();
      long observed = status.get("observedGeneration").asLong();
      if (generation != observed) {
        return new Result(
            Status.InProgress,
            "generation is " + generation + ", but latest observed generation is " + observed);
      }
    }
    for (JsonNode condition : status.path("conditions")) {
      boolean isTrue = "True".equals(condition.path("status").asText());
      String type = condition.path("type").asText();
      if (isTrue && type.equals("Reconciling")) {
        return new Result(Status.InProgress, condition.path("message").asText());
      }
      if (isTrue && type.equals("Stalled")) {
        return new Result(Status.Failed, condition.path("message").asText());
      }
    }
    JsonNode ready = condition(resource, "Ready");
    if ("True".equals(ready.path("status").asText())) {
      return new Result(Status.Current, ready.path("message").asText());
    }
    if ("False".equals(ready.path("status").asText())) {
      return new Result(Status.InProgress, ready.path("message").asText());
    }
    return new Result(Status.Current, "Resource is current");
  }

  @Test
  void inSyncIsCurrent() {
    JsonNode job = jobs.inSync;

    // kstatus' "Current" for a custom resource, spelled out on the real JSON:
    assertThat(job.path("status").path("observedGeneration").asLong())
        .isEqualTo(job.path("metadata").path("generation").asLong());
    assertThat(condition(job, "Ready").path("status").asText()).isEqualTo("True");
    assertThat(condition(job, "Stalled").path("status").asText()).isNotEqualTo("True");
    assertThat(condition(job, "Reconciling").path("status").asText()).isNotEqualTo("True");

    assertThat(kstatus(job).status()).isEqualTo(Status.Current);
  }

  @Test
  void aJobDeletedInNorthflankIsFailed() {
    JsonNode job = jobs.stalled;

    // kstatus' "Failed": Stalled=True on a status that reflects the current generation.
    assertThat(job.path("status").path("observedGeneration").asLong())
        .isEqualTo(job.path("metadata").path("generation").asLong());
    assertThat(condition(job, "Stalled").path("status").asText()).isEqualTo("True");

    assertThat(kstatus(job))
        .isEqualTo(new Result(Status.Failed, condition(job, "Stalled").path("message").asText()));
  }

  @Test
  void driftIsInProgressNotFailed() {
    // Ready=False without Stalled: Flux keeps waiting and fails only at its timeout. Drift is
    // fixed outside the cluster (in Northflank or in Git), so the operator does not stall on it.
    assertThat(kstatus(jobs.drifted).status()).isEqualTo(Status.InProgress);
  }

  @Test
  void aFailedRunIsCurrentNotFailed() {
    // kstatus follows Ready and Stalled only: a run that failed in Northflank is the job's
    // health, not a failure to reconcile the resource, so a Flux wait is not held up by it.
    // Argo CD's health check does show it (Degraded).
    assertThat(condition(jobs.runFailed, "LastRunSucceeded").path("status").asText())
        .isEqualTo("False");

    assertThat(kstatus(jobs.runFailed).status()).isEqualTo(Status.Current);
  }

  @Test
  void retriedFailuresAreInProgress() {
    assertThat(kstatus(jobs.retrying).status()).isEqualTo(Status.InProgress);
    assertThat(kstatus(jobs.credentialsMissing).status()).isEqualTo(Status.InProgress);
  }

  @Test
  void aSpecEditNotYetObservedIsInProgressEvenIfStalledBefore() {
    assertThat(kstatus(specEditedSince(jobs.inSync)).status()).isEqualTo(Status.InProgress);
    assertThat(kstatus(specEditedSince(jobs.stalled)).status()).isEqualTo(Status.InProgress);
  }

  @Test
  void aResourceWithoutStatusCountsAsCurrentAKnownKstatusGap() {
    // kstatus cannot tell "no status yet" from "uses no conditions" (its README lists this corner
    // case), so a wait right after apply can pass before the operator's first read. The
    // operator's first status write normally follows within a poll, after which the rules above
    // hold.
    assertThat(jobs.created.has("status")).isFalse();

    assertThat(kstatus(jobs.created).status()).isEqualTo(Status.Current);
  }

  @Test
  void aResourceBeingDeletedIsTerminating() {
    ObjectNode deleting = jobs.inSync.deepCopy();
    ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");

    assertThat(kstatus(deleting).status()).isEqualTo(Status.Terminating);
  }
}
