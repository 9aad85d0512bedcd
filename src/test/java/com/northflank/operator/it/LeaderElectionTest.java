package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas: only the Lease holder reconciles; the standby takes over when it stops. */
class LeaderElectionTest {

  private static final String LEASE = "northflank-job-operator";

  private EmbeddedKubernetes kubernetes;
  private NorthflankSimulator northflank;
  private NorthflankOperator first;
  private NorthflankOperator second;

  @BeforeEach
  void start() {
    kubernetes = EmbeddedKubernetes.start();
    kubernetes.installCrd();
    LeaseSupport.allowLeases(kubernetes);
    northflank =
        NorthflankSimulator.start(SimulatorOptions.builder().seedJobs(true).token(CANARY).build());
  }

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
    northflank.close();
    kubernetes.close();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOver() {
    AtomicLong firstReads = new AtomicLong();
    AtomicLong secondReads = new AtomicLong();
    first = operator("replica-a", kubernetes.client(), firstReads);
    first.start();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> "replica-a".equals(holder()));
    second = operator("replica-b", kubernetes.server().createClient(), secondReads);
    second.start();
    await().atMost(OperatorHarness.TIMEOUT).until(second::isReady);

    NorthflankJob job = OperatorHarness.sample("it-leader", "example", "example-job");
    kubernetes
        .client()
        .secrets()
        .inNamespace("it-leader")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("northflank-api")
                .withNamespace("it-leader")
                .addToLabels("northflank.com/credentials", "true")
                .endMetadata()
                .addToStringData("token", CANARY)
                .build())
        .create();
    kubernetes.client().resource(job).create();
    awaitCondition("Ready", "True");
    long readsBefore = firstReads.get();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> firstReads.get() >= readsBefore + 3);

    assertThat(secondReads.get()).as("reads by the standby").isZero();
    assertThat(holder()).isEqualTo("replica-a");

    first.close();
    first = null;
    await().atMost(OperatorHarness.TIMEOUT).until(() -> "replica-b".equals(holder()));
    northflank.updateJob(
        PROJECT, "example-job", j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));

    awaitCondition("Drifted", "True");
    assertThat(secondReads.get()).as("reads by the new leader").isPositive();
  }

  private NorthflankOperator operator(String identity, KubernetesClient client, AtomicLong reads) {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                OperatorSettings.API_URL.variable(),
                northflank.baseUrl().toString(),
                OperatorSettings.API_TOKEN.variable(),
                CANARY,
                OperatorSettings.SYNC_INTERVAL.variable(),
                "1s",
                OperatorSettings.API_BUDGET.variable(),
                "100000/1h"));
    return NorthflankOperator.builder(config, client)
        .apiCalls(call -> reads.incrementAndGet())
        .configure(o -> o.withLeaderElectionConfiguration(LeaseSupport.fast(LEASE, identity)))
        .build();
  }

  private String holder() {
    return LeaseSupport.holder(kubernetes.client(), LEASE);
  }

  private void awaitCondition(String type, String status) {
    LeaseSupport.awaitCondition(kubernetes.client(), "it-leader", "example", type, status);
  }
}
