package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.model.NorthflankJob;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deleted NorthflankJob: no finalizer of the operator's holds it, and the operator forgets it,
 * its metric series included, whether its watch saw the deletion or only the next list did.
 */
class DeletionIntegrationTest {

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aReconciledResourceCarriesNoFinalizerAndItsDeletionIsForgotten() {
    NorthflankJob job = reconciled("it-delete", "delete-job");
    assertThat(job.getMetadata().getFinalizers()).as("finalizers").isNullOrEmpty();

    harness.client.resource(job).delete();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.get("it-delete", "example") == null);
    awaitSeriesGone("it-delete");
  }

  @Test
  void aDeletionTheWatchMissedIsForgottenWhenTheInformerListsAgain() {
    NorthflankJob job = reconciled("it-delete-unseen", "unseen-job");
    harness.kubernetesFaults.dropWatches();
    try {
      // both informers (NorthflankJob, Secret) tried to watch again and were refused
      await()
          .atMost(OperatorHarness.TIMEOUT)
          .until(() -> harness.kubernetesFaults.refusedWatches() >= 2);
      harness.client.resource(job).delete();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> harness.get("it-delete-unseen", "example") == null);
      assertThat(series("it-delete-unseen"))
          .as("unknown to the operator until it lists again")
          .isTrue();
    } finally {
      harness.kubernetesFaults.restoreWatches();
    }

    awaitSeriesGone("it-delete-unseen");
  }

  private static NorthflankJob reconciled(String namespace, String jobId) {
    harness.liveJob(jobId);
    harness.tokenSecret(namespace, "northflank-api", CANARY);
    harness.create(sample(namespace, "example", jobId));
    NorthflankJob job = harness.awaitCondition(namespace, "example", "Ready", "True", "InSync");
    await().atMost(OperatorHarness.TIMEOUT).until(() -> series(namespace));
    return job;
  }

  /** Whether the operator exports per-job series for the resource "example" of the namespace. */
  private static boolean series(String namespace) {
    return harness
        .observability
        .registry()
        .scrape()
        .contains("northflank_job_synced{name=\"example\",namespace=\"" + namespace + "\"}");
  }

  private static void awaitSeriesGone(String namespace) {
    await().atMost(OperatorHarness.TIMEOUT).until(() -> !series(namespace));
  }
}
