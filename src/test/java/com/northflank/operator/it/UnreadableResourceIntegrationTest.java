package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One tenant's NorthflankJob that the operator cannot read (a value the model cannot hold, stored by
 * an API server that admitted it under an older CRD) stops nobody else: it is reported on its own,
 * by name, and the informer, the other resources and /readyz carry on, through a relist too.
 */
class UnreadableResourceIntegrationTest {

  private static final String NS = "it-unreadable";
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
    harness.tokenSecret(NS, "northflank-api", CANARY);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void noTokenLeaked() {
    assertThat(harness.everythingObservable()).doesNotContain(CANARY);
    harness.kubernetesFaults.clear();
  }

  @Test
  void aResourceTheOperatorCannotReadIsReportedByNameAndStopsNoOther() throws Exception {
    harness.create(sample(NS, "before", "example-job"));
    harness.awaitCondition(NS, "before", "Synced", "True", "Fetched");

    // an int32 the model cannot hold, as an API server without the CRD's maximum admitted it
    createUnadmitted(
        "overflowing",
        job -> job.with("spec").with("job").with("settings").put("backoffLimit", 2147483648L));
    // a string where a number belongs
    createUnadmitted(
        "mistyped",
        job ->
            job.with("spec")
                .with("job")
                .with("settings")
                .put("activeDeadlineSeconds", "ten minutes"));

    harness.create(sample(NS, "after", "example-job"));
    harness.awaitCondition(NS, "after", "Synced", "True", "Fetched");

    // a relist finds the unreadable resources too, and must not fail because of them
    harness.kubernetesFaults.dropWatches();
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.kubernetesFaults.refusedWatches() > 0);
    harness.kubernetesFaults.restoreWatches();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.kubernetesFaults.expiredWatches() >= 2);
    harness.create(sample(NS, "after-relist", "example-job"));
    harness.awaitCondition(NS, "after-relist", "Synced", "True", "Fetched");

    await("ready throughout")
        .during(QUIET)
        .atMost(QUIET.plus(OperatorHarness.TIMEOUT))
        .until(() -> readyz() == 200);

    for (String name : new String[] {"overflowing", "mistyped"}) {
      await("reported: " + name)
          .atMost(OperatorHarness.TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(harness.events(NS, name))
                      .anySatisfy(
                          e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason()).isEqualTo("Unreadable");
                            assertThat(e.getMessage()).contains("spec.job.settings.");
                          }));
      // one warning naming it, not one per retry
      assertThat(
              harness.logLines().stream()
                  .filter(
                      e ->
                          e.getLevel().isGreaterOrEqual(Level.WARN)
                              && e.getFormattedMessage().contains(NS + "/" + name + " cannot be read")
                              && e.getFormattedMessage().contains("spec.job.settings.")))
          .hasSize(1);
    }
    assertThat(harness.events(NS, "overflowing"))
        .filteredOn(e -> e.getReason().equals("Unreadable"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .startsWith("spec.job.settings.backoffLimit cannot be read as a whole number")
                    .hasSizeLessThan(400));
    // its status cannot be written (the API server refuses to store an object its schema no
    // longer admits, as kube-apiserver does without CRD validation ratcheting)
    assertThat(harness.get(NS, "overflowing").getStatus()).isNull();
    // the good ones are still read at their interval
    long reads = harness.probe.syncs(0, System.nanoTime(), NS, "before").size();
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.probe.syncs(0, System.nanoTime(), NS, "before").size() > reads + 1);
  }

  private static void createUnadmitted(String name, Consumer<ObjectNode> change) {
    NorthflankJob job = sample(NS, name, "example-job");
    ObjectNode tree;
    try {
      tree = (ObjectNode) JSON.readTree(Serialization.asJson(job));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    change.accept(tree);
    String path =
        "/apis/"
            + HasMetadata.getApiVersion(NorthflankJob.class)
            + "/namespaces/"
            + NS
            + "/"
            + HasMetadata.getPlural(NorthflankJob.class);
    try {
      assertThat(
              harness.kubernetes.createUnadmitted(path, JSON.writeValueAsString(tree)).code())
          .isEqualTo(201);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int readyz() throws Exception {
    URI uri = harness.observabilityUrl().resolve("/readyz");
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
