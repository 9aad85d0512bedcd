package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.observability.ObservabilityServer;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The operator started as {@code run} starts it, against a Kubernetes API that does not answer yet:
 * health served at once, not ready, log lines that say what it waits for; then the API comes up on
 * that address and the operator works, without a restart.
 */
class KubernetesApiStartupTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private int port;
  private NorthflankSimulator northflank;
  private KubernetesClient client;
  private NorthflankOperator operator;
  private ObservabilityServer server;
  private EmbeddedKubernetes kubernetes;
  private Thread starting;

  @BeforeEach
  void operatorWithoutItsKubernetesApi() throws IOException {
    logs.start();
    root.addAppender(logs);
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    northflank =
        NorthflankSimulator.start(SimulatorOptions.builder().seedJobs(true).token(CANARY).build());
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withHttp2Disable(true)
                    // a refused watch is tried again within a fraction of a second, not 32s
                    .withWatchReconnectInterval(100)
                    .build())
            .build();
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                OperatorSettings.API_URL.variable(), northflank.baseUrl().toString(),
                OperatorSettings.SYNC_INTERVAL.variable(), "1s",
                OperatorSettings.MIN_SYNC_INTERVAL.variable(), "1s",
                OperatorSettings.API_BUDGET.variable(), "100000/1h"));
    Observability observability = new Observability();
    operator =
        NorthflankOperator.builder(config, client)
            .apiCalls(observability.api())
            .syncs(observability.jobs())
            .metrics(observability.operatorMetrics())
            .build();
    server = ObservabilityServer.start(0, observability.registry(), operator::isReady);
    starting = new Thread(operator::start, "starting");
    starting.start();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    operator.close();
    starting.join(TIMEOUT.toMillis());
    server.close();
    client.close();
    if (kubernetes != null) {
      kubernetes.close();
    }
    northflank.close();
    root.detachAppender(logs);
  }

  @Test
  void waitsSayingWhyServesHealthNotReadinessThenWorksOnceTheApiAnswers() throws Exception {
    String api = "http://127.0.0.1:" + port + "/";
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(messages())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .startsWith("Waiting for the Kubernetes API at " + api + ":")
                                .contains("list northflankjobs.northflank.com failed:")
                                .contains("ConnectException")
                                .containsPattern("next attempt in [0-9]+s$")));
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    assertThat(starting.isAlive()).as("start() still waiting").isTrue();

    kubernetes = EmbeddedKubernetes.start(port);
    kubernetes.installCrd();
    KubernetesClient admin = kubernetes.client();
    admin
        .secrets()
        .inNamespace("late")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("northflank-api")
                .withNamespace("late")
                .addToLabels(CredentialResolver.CREDENTIALS_LABEL, "true")
                .endMetadata()
                .addToStringData("token", CANARY)
                .build())
        .create();
    admin.resource(sample("late", "example", "example-job")).create();

    await().atMost(TIMEOUT).until(() -> get("/readyz").statusCode() == 200);
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              NorthflankJob job =
                  admin
                      .resources(NorthflankJob.class)
                      .inNamespace("late")
                      .withName("example")
                      .get();
              return job.getStatus() != null
                  && Conditions.isTrue(job.getStatus().conditions(), "Ready");
            });
    assertThat(messages())
        .anySatisfy(
            m -> assertThat(m).startsWith("The Kubernetes API at " + api + " answers, after "));
    await().atMost(TIMEOUT).until(() -> !starting.isAlive());
  }

  @Test
  void whileTheInformersCannotWatchReadinessAnswersAtOnceAndTheLogSaysWhichWaits()
      throws Exception {
    awaitWaitingLine();
    kubernetes = EmbeddedKubernetes.start(port);
    kubernetes.installCrd();
    AtomicBoolean watchesRefused = new AtomicBoolean(true);
    kubernetes
        .requests()
        .setInterceptor(
            request ->
                watchesRefused.get() && request.getPath().contains("watch=true")
                    ? Optional.of(KubernetesFaults.status(500, "InternalError", "no watch today"))
                    : Optional.empty());

    // JOSDK's start now waits for the watch; readiness must not wait with it
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(messages())
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .startsWith("Still starting after ")
                                .contains("through the Kubernetes API at http://127.0.0.1:" + port)
                                .contains("NorthflankJob: synced, not watching")));
    assertThat(starting.isAlive()).isTrue();
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);

    watchesRefused.set(false);
    await().atMost(TIMEOUT).until(() -> get("/readyz").statusCode() == 200);
    await().atMost(TIMEOUT).until(() -> !starting.isAlive());
  }

  @Test
  void aStopWhileWaitingEndsTheWaitAtOnce() {
    awaitWaitingLine();

    assertThat(operator.stop()).as("stopped, not left to its start").isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> !starting.isAlive());
    assertThat(operator.isReady()).isFalse();
  }

  private void awaitWaitingLine() {
    await()
        .atMost(TIMEOUT)
        .until(() -> messages().stream().anyMatch(m -> m.startsWith("Waiting for the Kubernetes")));
  }

  private List<String> messages() {
    synchronized (logs) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
