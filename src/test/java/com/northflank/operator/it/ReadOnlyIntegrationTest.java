package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static com.northflank.operator.it.OperatorHarness.condition;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.model.NorthflankJob;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * --read-only: resources that ask for corrections get none, and the simulator, which counts every
 * request by method, sees nothing but GET from the whole process.
 */
class ReadOnlyIntegrationTest {

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(Map.of(OperatorSettings.READ_ONLY.variable(), "true"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void noRequestButGetLeavesTheProcess() {
    harness.liveJob("read-only-job");
    harness.tokenSecret("it-read-only", "northflank-api", CANARY);
    NorthflankJob job = sample("it-read-only", "example", "read-only-job");
    job.setSpec(job.getSpec().withDriftPolicy("Correct"));
    harness.create(job);
    harness.awaitCondition("it-read-only", "example", "Ready", "True", "InSync");

    harness.northflank.updateJob(
        PROJECT,
        "read-only-job",
        j -> {
          j.with("settings").with("cron").put("schedule", "0 * * * *");
          j.putArray("tags").add("console-tag");
        });
    NorthflankJob drifted =
        harness.awaitCondition("it-read-only", "example", "Drifted", "True", "DriftDetected");
    long getsThen = harness.northflank.counters().method("GET");
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.northflank.counters().method("GET") >= getsThen + 4);

    assertThat(condition(drifted, "Drifted").message())
        .contains("not corrected: corrections are disabled by the operator's --read-only");
    assertThat(harness.northflank.counters().method("GET")).isPositive();
    assertThat(harness.northflank.counters().nonGet()).isZero();
    assertThat(harness.northflank.writes().all()).isEmpty();
    assertThat(harness.get("it-read-only", "example").getStatus().lastCorrection()).isNull();
    assertThat(harness.everythingObservable()).doesNotContain(CANARY);
  }
}
