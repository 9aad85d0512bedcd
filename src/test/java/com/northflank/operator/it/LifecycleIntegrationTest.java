package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.lifecycle.LifecycleEvents;
import com.northflank.operator.model.JobCreation;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.Lifecycle;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.OwnershipTag;
import com.northflank.operator.model.Pause;
import com.northflank.operator.playground.simulator.HeldAnswer;
import com.northflank.operator.playground.simulator.WriteLog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating, adopting and deleting jobs from NorthflankJobs, against the real JOSDK operator, the
 * embedded Kubernetes API and the simulator, counting every request that is not a GET: each row of
 * docs/lifecycle.md's table, the crash between a POST and its recording, faults on create and
 * delete, paused and read-only deletion, two resources on one job, and the runtime variables
 * nowhere to be seen. Each test uses its own namespace and job.
 */
class LifecycleIntegrationTest {

  private static final String RUNTIME_CANARY = "nf-runtime-canary-3b9d7e11";
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void clearFaults() {
    harness.northflank.faults().clear();
  }

  // --- the table: job absent ---------------------------------------------------------------

  @Test
  void absentIfAbsentDeleteCreatesOnceAndDeletesOnce() {
    String ns = "lc-create";
    String id = "lc-create-job";
    harness.create(resource(ns, "report", id, "IfAbsent", "Delete"));

    NorthflankJob created = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

    assertThat(created.getStatus().ownership()).isEqualTo("Created");
    assertThat(created.getStatus().jobId()).isEqualTo(id);
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    assertThat(harness.northflank.job(PROJECT, id)).isPresent();
    awaitMarks(ns, "report", true, false);
    awaitEvent(ns, "report", LifecycleEvents.JOB_CREATED);

    harness.client.resource(created).delete();

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST", "DELETE");
    awaitEvent(ns, "report", LifecycleEvents.JOB_DELETED);
    String scrape = harness.observability.registry().scrape();
    assertThat(scrape)
        .contains(
            "northflank_job_lifecycle_operations_total{operation=\"create\",result=\"success\"}")
        .contains(
            "northflank_job_lifecycle_operations_total{operation=\"delete\",result=\"success\"}");
  }

  @Test
  void absentMustCreateOrphanCreatesAndLeavesTheJobBehind() {
    String ns = "lc-must";
    String id = "lc-must-job";
    NorthflankJob bare = resource(ns, "report", id, "MustCreate", null);
    // without any annotation: the create-pending mark makes the map
    bare.getMetadata().setAnnotations(null);
    harness.create(bare);

    NorthflankJob created = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");
    assertThat(created.getStatus().ownership()).isEqualTo("Created");
    awaitMarks(ns, "report", false, false);

    harness.client.resource(created).delete();

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).as("Orphan: the job stays").isPresent();
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
  }

  @Test
  void absentNeverIsJobNotFoundWithoutAWrite() {
    String ns = "lc-never";
    String id = "lc-never-job";
    harness.create(resource(ns, "report", id, null, "Delete"));

    harness.awaitCondition(ns, "report", "Synced", "False", "JobNotFound");

    assertThat(writes(id)).isEmpty();
    assertThat(harness.get(ns, "report").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  // --- the table: job present, not ours ----------------------------------------------------

  @Test
  void presentIfAbsentAdoptsWithOneTagPatchAndDeletesIt() {
    String ns = "lc-adopt";
    String id = "lc-adopt-job";
    liveJob(id, List.of("team-tag"));
    harness.create(resource(ns, "report", id, "IfAbsent", "Delete"));

    NorthflankJob adopted =
        harness.awaitJob(
            ns,
            "report",
            j -> j.getStatus() != null && "Adopted".equals(j.getStatus().ownership()));

    List<WriteLog.Write> writes = writes(id);
    assertThat(writes).extracting(WriteLog.Write::method).containsExactly("PATCH");
    assertThat(writes.get(0).body())
        .contains("team-tag")
        .contains(OwnershipTag.of(adopted.getMetadata().getUid()));
    harness.awaitCondition(ns, "report", "Ready", "True", "InSync");
    awaitMarks(ns, "report", true, false);
    awaitEvent(ns, "report", LifecycleEvents.JOB_ADOPTED);

    harness.client.resource(adopted).delete();

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("PATCH", "DELETE");
  }

  @Test
  void presentMustCreateIsAlreadyExistsAndStalledWithoutAWrite() {
    String ns = "lc-exists";
    String id = "lc-exists-job";
    liveJob(id, List.of());
    harness.create(resource(ns, "report", id, "MustCreate", "Delete"));

    NorthflankJob job = harness.awaitCondition(ns, "report", "Synced", "False", "AlreadyExists");

    assertThat(OperatorHarness.condition(job, "Stalled").status()).isEqualTo("True");
    assertThat(writes(id)).isEmpty();
    assertThat(job.getMetadata().getFinalizers()).isNullOrEmpty();

    harness.client.resource(job).delete();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).as("never ours, never deleted").isPresent();
  }

  @Test
  void presentNeverIsObservedWithoutAWrite() {
    String ns = "lc-observe";
    String id = "lc-observe-job";
    liveJob(id, List.of());
    harness.create(resource(ns, "report", id, null, null));

    NorthflankJob job = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

    assertThat(job.getStatus().ownership()).isEqualTo("Observed");
    assertThat(job.getStatus().jobId()).isEqualTo(id);
    assertThat(writes(id)).isEmpty();
    assertThat(job.getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void ownedElsewhereIsNeverWrittenNorDeleted() {
    String ns = "lc-elsewhere";
    String id = "lc-elsewhere-job";
    liveJob(id, List.of(OwnershipTag.of(UUID.randomUUID().toString())));
    harness.create(resource(ns, "report", id, "IfAbsent", "Delete"));

    NorthflankJob job = harness.awaitCondition(ns, "report", "Synced", "False", "OwnedElsewhere");

    assertThat(OperatorHarness.condition(job, "Drifted").status())
        .as("drift still reported")
        .isEqualTo("False");
    assertThat(writes(id)).isEmpty();
    harness.client.resource(job).delete();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isPresent();
    assertThat(writes(id)).isEmpty();
  }

  @Test
  void twoResourcesOnOneJobTheOlderKeepsItTheNewerWritesNothing() {
    String id = "lc-claim-job";
    harness.create(resource("lc-claim-a", "report", id, "IfAbsent", "Delete"));
    harness.awaitCondition("lc-claim-a", "report", "Ready", "True", "InSync");
    harness.create(resource("lc-claim-b", "report", id, "IfAbsent", "Delete"));

    NorthflankJob newer =
        harness.awaitCondition("lc-claim-b", "report", "Synced", "False", "JobClaimed");

    assertThat(OperatorHarness.condition(newer, "Synced").message()).contains("lc-claim-a/report");
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    assertThat(newer.getMetadata().getFinalizers()).isNullOrEmpty();
    // the newer one goes without touching the job; the older one still owns it
    harness.client.resource(newer).delete();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get("lc-claim-b", "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isPresent();
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
  }

  @Test
  void aLaterChangeOfSpecCreationIsSaidNotApplied() {
    String ns = "lc-creation-changed";
    String id = "lc-creation-changed-job";
    harness.create(resource(ns, "report", id, "IfAbsent", null));
    harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

    harness.edit(
        ns,
        "report",
        j ->
            j.setSpec(
                j.getSpec()
                    .withLifecycle(
                        "IfAbsent",
                        null,
                        new JobCreation(
                            new JobCreation.Source(
                                new JobCreation.ExternalImage("ghcr.io/acme/report:2.0", null),
                                null,
                                null),
                            null))));

    NorthflankJob changed =
        harness.awaitJob(
            ns,
            "report",
            j ->
                j.getStatus() != null
                    && OperatorHarness.condition(j, "Synced")
                        .message()
                        .contains("spec.creation changed since the job was created"));
    assertThat(OperatorHarness.condition(changed, "Ready").status()).isEqualTo("True");
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
  }

  // --- creating exactly once ---------------------------------------------------------------

  @Test
  void aCrashBetweenThePostAndItsRecordingCreatesExactlyOnce() throws InterruptedException {
    String ns = "lc-crash";
    String id = "lc-crash-job";
    HeldAnswer held = harness.northflank.faults().creates().holdNextAnswer();
    try {
      harness.create(resource(ns, "report", id, "IfAbsent", "Delete"));
      assertThat(held.awaitServed(OperatorHarness.TIMEOUT)).as("the POST arrived").isTrue();
      assertThat(harness.northflank.job(PROJECT, id)).as("created, unanswered").isPresent();
      NorthflankJob marked = harness.get(ns, "report");
      assertThat(Lifecycle.createPending(marked)).as("recorded before the POST").isTrue();
      assertThat(Lifecycle.hasFinalizer(marked)).isTrue();

      harness.stopOperator();
      harness.startOperator();

      NorthflankJob bound = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");
      assertThat(bound.getStatus().ownership()).isEqualTo("Created");
      awaitMarks(ns, "report", true, false);
      assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    } finally {
      held.release();
    }
  }

  // --- faults on create --------------------------------------------------------------------

  @Test
  void aForbiddenCreateNamesThePermissionAndCreatesNothing() {
    String ns = "lc-create-403";
    String id = "lc-create-403-job";
    harness.northflank.faults().creates().forceStatus(403, 1_000);
    harness.create(resource(ns, "report", id, "IfAbsent", "Orphan"));

    NorthflankJob job = harness.awaitCondition(ns, "report", "Synced", "False", "Forbidden");

    assertThat(OperatorHarness.condition(job, "Synced").message())
        .contains("Project > Jobs > General > Create");
    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
    harness.northflank.faults().clear();
    harness.awaitCondition(ns, "report", "Ready", "True", "InSync");
    assertThat(harness.northflank.job(PROJECT, id)).isPresent();
  }

  @Test
  void anUnauthorizedCreateIsUnauthorized() {
    String ns = "lc-create-401";
    String id = "lc-create-401-job";
    harness.northflank.faults().creates().forceStatus(401, 1_000);
    harness.create(resource(ns, "report", id, "IfAbsent", null));

    harness.awaitCondition(ns, "report", "Synced", "False", "Unauthorized");

    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
  }

  @Test
  void aCreateThatFailsWithA500IsRetriedUntilItIsCreated() {
    String ns = "lc-create-500";
    String id = "lc-create-500-job";
    harness.northflank.faults().creates().forceStatus(500, 1);
    harness.create(resource(ns, "report", id, "IfAbsent", null));

    NorthflankJob job = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

    assertThat(job.getStatus().ownership()).isEqualTo("Created");
    assertThat(writes(id))
        .extracting(WriteLog.Write::status)
        .as("one refused, one created")
        .containsExactly(500, 200);
  }

  @Test
  void aCreateWhoseAnswerTimesOutIsFoundAndBoundNotSentAgain() {
    String ns = "lc-create-timeout";
    String id = "lc-create-timeout-job";
    // the job is stored, its answer held past the operator's 2s request timeout
    HeldAnswer held = harness.northflank.faults().creates().holdNextAnswer();
    try {
      harness.create(resource(ns, "report", id, "IfAbsent", null));

      NorthflankJob job = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

      assertThat(job.getStatus().ownership()).isEqualTo("Created");
      assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    } finally {
      held.release();
    }
  }

  @Test
  void aCreateThatTimesOutBeforeNorthflankTookItIsSentAgain() {
    String ns = "lc-create-504";
    String id = "lc-create-504-job";
    // held past the operator's 2s request timeout, then a 504: nothing was created
    harness.northflank.faults().creates().timeout(1.0, Duration.ofSeconds(3));
    harness.create(resource(ns, "report", id, "IfAbsent", null));

    await().atMost(OperatorHarness.TIMEOUT).until(() -> !writes(id).isEmpty());
    harness.northflank.faults().clear();
    NorthflankJob job = harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

    assertThat(job.getStatus().ownership()).isEqualTo("Created");
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsOnly("POST");
    assertThat(writes(id)).filteredOn(w -> w.status() == 200).hasSize(1);
  }

  // --- faults on delete --------------------------------------------------------------------

  @Test
  void aForbiddenDeleteKeepsTheFinalizerUntilOrphanLetsGo() {
    String ns = "lc-delete-403";
    String id = "lc-delete-403-job";
    NorthflankJob created = createdAndHeld(ns, id);
    harness.northflank.faults().deletes().forceStatus(403, 1_000);

    harness.client.resource(created).delete();

    NorthflankJob blocked =
        harness.awaitCondition(ns, "report", "Synced", "False", "DeleteBlocked");
    assertThat(OperatorHarness.condition(blocked, "Synced").message())
        .contains("Project > Jobs > General > Delete")
        .contains("kubectl patch nfjob report -n " + ns)
        .contains("deletionPolicy");
    assertThat(Lifecycle.hasFinalizer(blocked)).isTrue();
    awaitEvent(ns, "report", LifecycleEvents.DELETE_BLOCKED);

    // kubectl patch ... deletionPolicy: Orphan, on a resource already being deleted
    harness.edit(
        ns,
        "report",
        j -> j.setSpec(j.getSpec().withLifecycle("IfAbsent", "Orphan", j.getSpec().creation())));

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).as("let go, job kept").isPresent();
    awaitEvent(ns, "report", LifecycleEvents.DELETE_SKIPPED);
  }

  @Test
  void anUnauthorizedDeleteIsBlocked() {
    String ns = "lc-delete-401";
    String id = "lc-delete-401-job";
    NorthflankJob created = createdAndHeld(ns, id);
    harness.northflank.faults().deletes().forceStatus(401, 1_000);

    harness.client.resource(created).delete();

    harness.awaitCondition(ns, "report", "Synced", "False", "DeleteBlocked");
    harness.northflank.faults().clear();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
  }

  @Test
  void aDeleteThatFailsWithA500IsRetried() {
    String ns = "lc-delete-500";
    String id = "lc-delete-500-job";
    NorthflankJob created = createdAndHeld(ns, id);
    harness.northflank.faults().deletes().forceStatus(500, 1);

    harness.client.resource(created).delete();

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
    assertThat(writes(id))
        .extracting(w -> w.method() + " " + w.status())
        .containsExactly("POST 200", "DELETE 500", "DELETE 200");
  }

  @Test
  void aDeleteWhoseAnswerTimesOutIsReadUntilTheJobIsGone() {
    String ns = "lc-delete-timeout";
    String id = "lc-delete-timeout-job";
    NorthflankJob created = createdAndHeld(ns, id);
    // the job is deleted, the answer held past the operator's 2s request timeout
    HeldAnswer held = harness.northflank.faults().deletes().holdNextAnswer();
    try {
      harness.client.resource(created).delete();

      await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
      assertThat(harness.northflank.job(PROJECT, id)).isEmpty();
      assertThat(writes(id))
          .extracting(WriteLog.Write::method)
          .as("the read after the timeout finds 404: no second DELETE")
          .containsExactly("POST", "DELETE");
    } finally {
      held.release();
    }
  }

  @Test
  void aSwitchToOrphanThatArrivesWhileTheDeleteWaitsKeepsTheJob() {
    String ns = "lc-delete-orphaned-meanwhile";
    String id = "lc-delete-orphaned-meanwhile-job";
    NorthflankJob created = createdAndHeld(ns, id);
    // kubectl patch ... deletionPolicy: Orphan lands while the deletion reads the job, before its
    // DELETE: the first Get Job once the resource is being deleted (routine reads pass untouched)
    AtomicBoolean switched = new AtomicBoolean();
    harness.northflank.faults().job(PROJECT, id).changeBeforeNextRequest(orphanOnceDeleting(ns, id, switched));

    harness.client.resource(created).delete();

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(switched).isTrue();
    assertThat(harness.northflank.job(PROJECT, id)).as("let go, job kept").isPresent();
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    awaitEvent(ns, "report", LifecycleEvents.DELETE_SKIPPED);
  }

  /** Switches the resource to Orphan at the first read of its job once it is being deleted. */
  private static Consumer<ObjectNode> orphanOnceDeleting(
      String ns, String id, AtomicBoolean switched) {
    return new Consumer<>() {
      @Override
      public void accept(ObjectNode job) {
        NorthflankJob now = harness.get(ns, "report");
        if (now == null || !now.isMarkedForDeletion()) {
          harness.northflank.faults().job(PROJECT, id).changeBeforeNextRequest(this);
          return;
        }
        harness.edit(
            ns,
            "report",
            j -> j.setSpec(j.getSpec().withLifecycle("IfAbsent", "Orphan", j.getSpec().creation())));
        switched.set(true);
      }
    };
  }

  // --- never deleting ----------------------------------------------------------------------

  @Test
  void aPausedResourceIsLetGoAsOrphan() {
    String ns = "lc-paused";
    String id = "lc-paused-job";
    createdAndHeld(ns, id);
    NorthflankJob paused =
        harness.edit(
            ns, "report", j -> j.getMetadata().getAnnotations().put(Pause.ANNOTATION, "true"));
    harness.awaitCondition(ns, "report", "Synced", "False", "Paused");

    harness.client.resource(paused).delete();

    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
    assertThat(harness.northflank.job(PROJECT, id)).isPresent();
    assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
    awaitEvent(ns, "report", LifecycleEvents.DELETE_SKIPPED);
  }

  @Test
  void aReadOnlyOperatorNeverDeletes() {
    String ns = "lc-read-only";
    String id = "lc-read-only-job";
    NorthflankJob created = createdAndHeld(ns, id);
    harness.stopOperator();
    harness.startOperator(Map.of(OperatorSettings.READ_ONLY.variable(), "true"));
    try {
      harness.client.resource(created).delete();

      await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.get(ns, "report") == null);
      assertThat(harness.northflank.job(PROJECT, id)).isPresent();
      assertThat(writes(id)).extracting(WriteLog.Write::method).containsExactly("POST");
      awaitEvent(ns, "report", LifecycleEvents.DELETE_SKIPPED);
    } finally {
      harness.stopOperator();
      harness.startOperator(Map.of());
    }
  }

  @Test
  void aNamespaceOfOrphanResourcesIsNotHeld() {
    String ns = "lc-namespace";
    harness.create(resource(ns, "created", "lc-ns-created", "IfAbsent", null));
    liveJob("lc-ns-adopted", List.of());
    harness.create(resource(ns, "adopted", "lc-ns-adopted", "IfAbsent", "Orphan"));
    harness.create(resource(ns, "observed", "example-job", null, null));
    harness.awaitCondition(ns, "created", "Ready", "True", "InSync");
    harness.awaitJob(
        ns, "adopted", j -> j.getStatus() != null && "Adopted".equals(j.getStatus().ownership()));

    // what the namespace controller does first: delete every resource of the namespace
    harness.client.resources(NorthflankJob.class).inNamespace(ns).delete();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                harness
                    .client
                    .resources(NorthflankJob.class)
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .isEmpty());
    assertThat(harness.northflank.job(PROJECT, "lc-ns-created")).isPresent();
    assertThat(harness.northflank.job(PROJECT, "lc-ns-adopted")).isPresent();
  }

  // --- the runtime variables ---------------------------------------------------------------

  @Test
  void theRuntimeEnvironmentReachesNorthflankAndNothingElse() {
    String ns = "lc-runtime";
    String id = "lc-runtime-job";
    harness
        .client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("report-env")
                .withNamespace(ns)
                .endMetadata()
                .addToStringData("DATABASE_URL", RUNTIME_CANARY)
                .build())
        .create();
    NorthflankJob resource = resource(ns, "report", id, "IfAbsent", null);
    resource.setSpec(
        resource
            .getSpec()
            .withLifecycle(
                "IfAbsent",
                null,
                new JobCreation(
                    resource.getSpec().creation().deployment(),
                    new JobCreation.SecretRef("report-env"))));
    harness.create(resource);

    harness.awaitCondition(ns, "report", "Ready", "True", "InSync");

    assertThat(writes(id)).singleElement().satisfies(w -> assertThat(w.body()).contains(RUNTIME_CANARY));
    assertThat(harness.everythingObservable()).doesNotContain(RUNTIME_CANARY);
  }

  // --- helpers -----------------------------------------------------------------------------

  /** A resource whose job.name gives {@code jobId}, creatable from an external image. */
  static NorthflankJob resource(
      String namespace, String name, String jobId, String creation, String deletion) {
    JobDefinition job =
        new JobDefinition(
            jobId,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new JobDefinition.Billing("nf-compute-20"),
            null,
            new JobDefinition.JobSettings(null, 0, null));
    NorthflankJob resource = new NorthflankJob();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withAnnotations(new java.util.HashMap<>(Map.of("team", "reports")))
            .build());
    resource.setSpec(
        new NorthflankJobSpec(PROJECT, jobId, null, null, null, job)
            .withLifecycle(
                creation,
                deletion,
                new JobCreation(
                    new JobCreation.Source(
                        new JobCreation.ExternalImage("ghcr.io/acme/report:1.4", null),
                        null,
                        null),
                    null)));
    return resource;
  }

  /** A live job named after its ID (so that its name is no drift), carrying these tags. */
  private static void liveJob(String id, List<String> tags) {
    ObjectNode job = harness.liveJob(id);
    harness.northflank.updateJob(
        PROJECT,
        id,
        j -> {
          j.put("name", id);
          var array = j.putArray("tags");
          tags.forEach(array::add);
        });
  }

  private static NorthflankJob createdAndHeld(String ns, String id) {
    harness.create(resource(ns, "report", id, "IfAbsent", "Delete"));
    harness.awaitCondition(ns, "report", "Ready", "True", "InSync");
    return awaitMarks(ns, "report", true, false);
  }

  private static NorthflankJob awaitMarks(
      String ns, String name, boolean finalizer, boolean pending) {
    return harness.awaitJob(
        ns,
        name,
        j -> Lifecycle.hasFinalizer(j) == finalizer && Lifecycle.createPending(j) == pending);
  }

  /** Every write the simulator received for the job: POSTs to the project, PATCH and DELETE. */
  private static List<WriteLog.Write> writes(String id) {
    return harness.northflank.writes().all().stream()
        .filter(
            w ->
                w.path().endsWith("/jobs/" + id)
                    || (w.method().equals("POST") && w.body().contains("\"name\":\"" + id + "\"")))
        .toList();
  }

  /** Events go out from a queue, after the step that announced them: waited for, not assumed. */
  private static void awaitEvent(String ns, String name, String reason) {
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .untilAsserted(() -> assertThat(reasons(ns, name)).contains(reason));
  }

  private static List<String> reasons(String ns, String name) {
    return harness.events(ns, name).stream().map(Event::getReason).toList();
  }
}
