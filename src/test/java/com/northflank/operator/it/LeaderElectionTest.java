package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.ApiCallListener;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas: only the Lease holder reconciles; the standby takes over when it stops. */
class LeaderElectionTest {

  private static final String LEASE = "northflank-job-operator";
  private static final String LIST_JOBS = "GET /v1/projects/{projectId}/jobs";

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

  @Test
  void onlyTheLeaderListsAndAStoppedLeaderListsNoMore() {
    AtomicLong firstLists = new AtomicLong();
    AtomicLong secondCalls = new AtomicLong();
    AtomicLong secondLists = new AtomicLong();
    first = operator("replica-a", kubernetes.client(), lists(firstLists, new AtomicLong()));
    first.start();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> "replica-a".equals(holder()));
    second =
        operator("replica-b", kubernetes.server().createClient(), lists(secondLists, secondCalls));
    second.start();
    await().atMost(OperatorHarness.TIMEOUT).until(second::isReady);

    // two jobs of one project under one token: what a sweep covers
    kubernetes
        .client()
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("northflank-api")
                .withNamespace("it-sweeps")
                .addToLabels("northflank.com/credentials", "true")
                .endMetadata()
                .addToStringData("token", CANARY)
                .build())
        .create();
    for (String id : List.of("sweep-1", "sweep-2")) {
      ObjectNode live = northflank.job(PROJECT, "example-job").orElseThrow();
      live.put("id", id);
      live.remove("appId");
      northflank.putJob(null, PROJECT, live);
      NorthflankJob job = OperatorHarness.sample("it-sweeps", id, id);
      var spec = job.getSpec();
      job.setSpec(
          new NorthflankJobSpec(
              spec.projectId(), id, spec.teamId(), spec.credentials(), "60s", spec.job()));
      kubernetes.client().resource(job).create();
    }

    await().atMost(OperatorHarness.TIMEOUT).until(() -> firstLists.get() > 0);
    assertThat(secondCalls.get()).as("requests by the standby, lists included").isZero();

    first.close();
    first = null;
    long listsAtStop = firstLists.get();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> "replica-b".equals(holder()));
    await().atMost(OperatorHarness.TIMEOUT).until(() -> secondLists.get() > 0);
    assertThat(firstLists.get()).as("lists by the stopped leader").isEqualTo(listsAtStop);
  }

  /** Counts every request, and the List Jobs requests (sweeps) apart. */
  private static ApiCallListener lists(AtomicLong lists, AtomicLong all) {
    return call -> {
      all.incrementAndGet();
      if (LIST_JOBS.equals(call.route())) {
        lists.incrementAndGet();
      }
    };
  }

  private NorthflankOperator operator(String identity, KubernetesClient client, AtomicLong reads) {
    return operator(identity, client, call -> reads.incrementAndGet());
  }

  private NorthflankOperator operator(
      String identity, KubernetesClient client, ApiCallListener calls) {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                OperatorSettings.API_URL.variable(),
                northflank.baseUrl().toString(),
                OperatorSettings.API_TOKEN.variable(),
                CANARY,
                OperatorSettings.SYNC_INTERVAL.variable(),
                "1s",
                OperatorSettings.MIN_SYNC_INTERVAL.variable(),
                "1s",
                OperatorSettings.API_BUDGET.variable(),
                "100000/1h"));
    return NorthflankOperator.builder(config, client)
        .apiCalls(calls)
        .leaderElection(LeaseSupport.fast(LEASE, identity))
        .build();
  }

  private String holder() {
    return LeaseSupport.holder(kubernetes.client(), LEASE);
  }

  private void awaitCondition(String type, String status) {
    LeaseSupport.awaitCondition(kubernetes.client(), "it-leader", "example", type, status);
  }
}
