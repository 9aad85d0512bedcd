package com.northflank.operator.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.observability.ObservabilityServer;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.credentials.CredentialResolver;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import com.northflank.operator.webhook.WebhookServer;
import com.northflank.operator.webhook.WebhookToken;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The real operator wired to an in-process Kubernetes API (CRD installed from the build) and the
 * Northflank simulator, with every log line captured for canary-token checks.
 */
final class OperatorHarness implements AutoCloseable {

  /** The only token the simulator accepts; it must never show up anywhere. */
  static final String CANARY = "nf-canary-5e1f0c9a77";

  static final String PROJECT = "default-project";
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final EmbeddedKubernetes kubernetes;
  final NorthflankSimulator northflank;
  final KubernetesClient client;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Observability observability = new Observability();

  /** Every Northflank request and sync outcome, across operator restarts. */
  final ReadProbe probe = new ReadProbe();

  /** Answers and watch faults of the Kubernetes API, in place before the operator starts. */
  final KubernetesFaults kubernetesFaults;

  private final Map<String, String> settings;
  private volatile OperatorConfig config;
  private volatile NorthflankOperator operator;
  private final ObservabilityServer observabilityServer;
  private volatile WebhookServer webhookServer;

  private OperatorHarness(Map<String, String> settings) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    kubernetes = EmbeddedKubernetes.start();
    kubernetes.installCrd();
    client = kubernetes.client();
    kubernetesFaults = new KubernetesFaults(kubernetes.requests());
    kubernetes.requests().setInterceptor(kubernetesFaults);
    northflank =
        NorthflankSimulator.start(SimulatorOptions.builder().seedJobs(true).token(CANARY).build());
    Map<String, String> all = new HashMap<>();
    all.put(OperatorSettings.API_URL.variable(), northflank.baseUrl().toString());
    all.put(OperatorSettings.API_TOKEN.variable(), CANARY);
    all.put(OperatorSettings.SYNC_INTERVAL.variable(), "1s");
    all.put(OperatorSettings.MIN_SYNC_INTERVAL.variable(), "1s");
    all.put(OperatorSettings.STATUS_HEARTBEAT.variable(), "1h");
    all.put(OperatorSettings.REQUEST_TIMEOUT.variable(), "2s");
    // tests poll every second; the budget tests set their own
    all.put(OperatorSettings.API_BUDGET.variable(), "100000/1h");
    // the tests of resources without credentials rely on the operator-wide token, for reads and
    // corrections; the tenancy tests narrow both
    all.put(OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable(), "*");
    all.put(OperatorSettings.DEFAULT_TOKEN_WRITES.variable(), "true");
    all.putAll(settings);
    this.settings = Map.copyOf(all);
    config = OperatorConfig.from(all);
    operator = newOperator();
    observabilityServer =
        ObservabilityServer.start(0, observability.registry(), () -> operator.isReady());
    operator.start();
  }

  private NorthflankOperator newOperator() {
    return NorthflankOperator.builder(config, client)
        .apiCalls(probe.around(observability.api()))
        .syncs(probe.around(observability.jobs()))
        .metrics(observability.operatorMetrics())
        .webhookMetrics(observability.webhooks())
        .build();
  }

  /** Stops the operator as a rolling update would; the APIs stay up. */
  void stopOperator() {
    operator.close();
  }

  /** A fresh operator (new informers, caches and request budget) on the same APIs. */
  void startOperator() {
    operator = newOperator();
    operator.start();
  }

  /**
   * Serves the operator's webhook endpoint on a free loopback port with the secret in {@code
   * tokenFile}, and has the simulator send its job-run events there with {@code secret}; closed
   * with the harness, or when this is called again.
   */
  WebhookServer serveWebhooks(Path tokenFile, String secret) {
    if (webhookServer != null) {
      webhookServer.close();
    }
    WebhookServer server =
        WebhookServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            WebhookToken.fromFile(tokenFile),
            operator.runEvents());
    webhookServer = server;
    northflank.sendWebhooks(
        URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH), secret);
    return server;
  }

  /**
   * A fresh operator on the same APIs with some settings changed from the harness's, e.g. started
   * with --read-only after a normal one; stop the running one first.
   */
  void startOperator(Map<String, String> changed) {
    Map<String, String> all = new HashMap<>(settings);
    all.putAll(changed);
    config = OperatorConfig.from(all);
    startOperator();
  }

  /** Where /metrics, /healthz and /readyz are served. */
  URI observabilityUrl() {
    return URI.create("http://127.0.0.1:" + observabilityServer.port());
  }

  static OperatorHarness start() {
    return start(Map.of());
  }

  static OperatorHarness start(Map<String, String> settings) {
    return new OperatorHarness(settings);
  }

  /** The example cron job from deploy/samples, renamed and pointed at the given job. */
  static NorthflankJob sample(String namespace, String name, String jobId) {
    try {
      NorthflankJob job =
          Serialization.unmarshal(
              Files.readString(Path.of("deploy/samples/example-cron-job.yaml")),
              NorthflankJob.class);
      job.getMetadata().setName(name);
      job.getMetadata().setNamespace(namespace);
      var spec = job.getSpec();
      // no syncInterval: the CRD refuses one under 10s, and the harness's operator reads every 1s
      // by default
      job.setSpec(
          new com.northflank.operator.model.NorthflankJobSpec(
              spec.projectId(), jobId, spec.teamId(), spec.credentials(), null, spec.job()));
      return job;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a copy of the seed example job under a new id, so tests do not share live jobs. */
  ObjectNode liveJob(String jobId) {
    ObjectNode job = northflank.job(PROJECT, "example-job").orElseThrow();
    job.put("id", jobId);
    job.remove("appId");
    northflank.putJob(null, PROJECT, job);
    return job;
  }

  Secret tokenSecret(String namespace, String name, String token) {
    return client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(CredentialResolver.CREDENTIALS_LABEL, "true")
                .endMetadata()
                .addToStringData("token", token)
                .build())
        .create();
  }

  NorthflankJob create(NorthflankJob job) {
    return client.resource(job).create();
  }

  NorthflankJob get(String namespace, String name) {
    return client.resources(NorthflankJob.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Reads, changes and writes the resource back, as kubectl edit does; again on a 409 Conflict,
   * as one would after the operator wrote the resource in between (its status, its marks).
   */
  NorthflankJob edit(String namespace, String name, Consumer<NorthflankJob> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .resources(NorthflankJob.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                job -> {
                  change.accept(job);
                  return job;
                });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  NorthflankJob awaitCondition(
      String namespace, String name, String type, String status, String reason) {
    return awaitJob(
        namespace,
        name,
        job ->
            job.getStatus() != null
                && Conditions.find(job.getStatus().conditions(), type)
                    .filter(c -> c.status().equals(status) && c.reason().equals(reason))
                    .isPresent());
  }

  NorthflankJob awaitJob(String namespace, String name, Predicate<NorthflankJob> condition) {
    NorthflankJob[] last = new NorthflankJob[1];
    org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .alias(namespace + "/" + name)
        .until(
            () -> {
              last[0] = get(namespace, name);
              return last[0] != null && condition.test(last[0]);
            });
    return last[0];
  }

  static Condition condition(NorthflankJob job, String type) {
    return Conditions.find(job.getStatus().conditions(), type).orElseThrow();
  }

  List<Event> events(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The log lines so far, in order. */
  List<ILoggingEvent> logLines() {
    // the appender adds under its own lock; copying under it avoids a concurrent modification
    synchronized (logs) {
      return List.copyOf(logs.list);
    }
  }

  /** Everything a token could leak into: log lines, resources' status and events. */
  String everythingObservable() {
    StringBuilder all = new StringBuilder();
    logLines()
        .forEach(
            e -> {
              all.append(e.getFormattedMessage()).append('\n');
              if (e.getThrowableProxy() != null) {
                all.append(e.getThrowableProxy().getMessage()).append('\n');
              }
            });
    client
        .resources(NorthflankJob.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(j -> all.append(Serialization.asJson(j)).append('\n'));
    client
        .v1()
        .events()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(e -> all.append(Serialization.asJson(e)).append('\n'));
    return all.toString();
  }

  void deleteAllJobs() {
    client.resources(NorthflankJob.class).inAnyNamespace().delete();
    org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.resources(NorthflankJob.class).inAnyNamespace().list().getItems().isEmpty());
    northflank.faults().clear();
  }

  @Override
  public void close() {
    if (webhookServer != null) {
      webhookServer.close();
    }
    operator.close();
    observabilityServer.close();
    northflank.close();
    kubernetes.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }
}
