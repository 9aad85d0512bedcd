package com.northflank.operator.playground.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.playground.kubernetes.EventTable;
import com.northflank.operator.playground.kubernetes.PrinterColumns;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.JobCreation;
import com.northflank.operator.observability.Observability;
import com.northflank.operator.observability.ObservabilityServer;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.webhook.WebhookServer;
import com.northflank.operator.webhook.WebhookToken;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.RunStatus;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import com.northflank.operator.playground.simulator.WriteLog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default: the whole product on one machine, with nothing to install. An in-process
 * Kubernetes API and Northflank API simulator, the samples from deploy/samples applied, the real
 * operator running; then a live job is changed the way a person would in the Northflank console,
 * and the drift is flagged and cleared; the job is switched to driftPolicy Correct, changed again,
 * and the operator puts it back; last, a run of the job fails in Northflank and the resource says
 * so.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Walk through the whole product in-process, with nothing to install.",
      "An in-process Kubernetes API, a Northflank API simulator and the operator run together;"
          + " a live job is changed and reverted, then corrected by the operator under"
          + " driftPolicy Correct, and one of its runs fails; what kubectl would show is printed"
          + " at each step."
    },
    exitCodeList = {
      "  0:the walkthrough ended as shown",
      "  1:a step failed (one line when it timed out, else with its stack trace)",
      "  2:a bad option, or the metrics port in use",
      "130:--keep-running stopped by Ctrl-C"
    })
public final class DemoCommand implements Callable<Integer> {

  static final String NAMESPACE = "demo";
  public static final String TOKEN = "nf-demo-token";
  private static final String PROJECT = "default-project";
  private static final String CRON_JOB = "example-job";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration FAILED_RUN_TOOK = Duration.ofSeconds(157);
  private static final String DEMO_BUDGET = "100000/1h";

  /**
   * With --keep-running, the cron job runs this often in the simulator, one run in four failing.
   */
  private static final Duration KEEP_RUNNING_RUN_EVERY = Duration.ofMinutes(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GET_JOB_ROUTE = "GET /v1/projects/{projectId}/jobs/{jobId}";
  private static final String RUNS_ROUTE = GET_JOB_ROUTE + "/runs";

  @Option(
      names = "--keep-running",
      description =
          "Keep both APIs and the operator up after the walkthrough, for kubectl and curl.")
  boolean keepRunning;

  @Option(
      names = "--sync-interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "How often the demo reads each job (the samples say 5m). Default: ${DEFAULT-VALUE}.")
  Duration syncInterval;

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description =
          "Where --keep-running writes the kubeconfig. Default: a file in a temporary directory,"
              + " removed on exit.")
  Path kubeconfig;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "With --keep-running, where the operator serves /metrics, /healthz and /readyz, on"
              + " 127.0.0.1 (0 picks a free port). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  private final PrintStream out = System.out;

  /** What the operator's /metrics shows; served with --keep-running. */
  private final Observability observability = new Observability();

  private volatile BooleanSupplier operatorReady = () -> false;
  private ObservabilityServer metricsServer;

  /** How long Ctrl-C waits for the demo to close its APIs and remove its temporary files. */
  private static final Duration CLEAN_UP = Duration.ofSeconds(5);

  /**
   * Sees every transcript printed as {@code $ kubectl ...} together with the API it was printed
   * from, so a test can run the real kubectl and compare; none outside tests.
   */
  interface TranscriptCheck {
    void begin(EmbeddedKubernetes kubernetes, CustomResourceDefinition crd);

    void printed(String command, String output);
  }

  TranscriptCheck transcriptCheck;

  @Override
  public Integer call() throws Exception {
    if (keepRunning) {
      // before anything starts, so that a port in use costs no walkthrough
      try {
        metricsServer =
            ObservabilityServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), metricsPort),
                observability.registry(),
                () -> operatorReady.getAsBoolean());
      } catch (UncheckedIOException | IllegalArgumentException e) {
        System.err.println(
            "Cannot serve /metrics on port "
                + metricsPort
                + " ("
                + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                + "); --metrics-port 0 picks a free port.");
        return 2;
      }
    }
    Runnable restoreLogs = quietLogs();
    try {
      return walkThrough();
    } catch (KubernetesClientTimeoutException e) {
      // a step whose outcome never came: one line, not the client's stack trace
      System.err.println(
          "demo: a step did not finish within "
              + DurationParser.format(patience())
              + " ("
              + e.getMessage()
              + "); on a busy machine a shorter --sync-interval is quicker.");
      return 1;
    } finally {
      restoreLogs.run();
      if (metricsServer != null) {
        metricsServer.close();
      }
    }
  }

  /** The jobs of the lifecycle scene: one deleted with its resource, one left behind. */
  private static final String DELETED_JOB = "report-from-git";

  private static final String ORPHANED_JOB = "digest-from-git";

  private int walkThrough() throws Exception {
    Instant started = Instant.now();
    step("Starting an in-process Kubernetes API and a Northflank API simulator");
    try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        NorthflankSimulator northflank =
            NorthflankSimulator.start(
                SimulatorOptions.builder()
                    .seedJobs(true)
                    .token(TOKEN)
                    .budget(DEMO_BUDGET)
                    .runEvery(keepRunning ? KEEP_RUNNING_RUN_EVERY : null)
                    .build())) {
      CustomResourceDefinition crd = kubernetes.installCrd();
      KubernetesClient client = kubernetes.client();
      // the address printed, written into the kubeconfig and given to kubectl and `run` alike
      URI api = kubernetes.enableKubectl(crd);
      if (transcriptCheck != null) {
        transcriptCheck.begin(kubernetes, crd);
      }
      say("Kubernetes API:   " + api + "  (CRD " + crd.getMetadata().getName() + ")");
      say("Northflank API:   " + northflank.baseUrl() + "  (seeded with sample jobs)");

      step("Applying deploy/samples/ to namespace '" + NAMESPACE + "'");
      List<String> names = applySamples(client);
      long writesBeforeOperator = kubernetes.requests().writeCount();

      // run events come by webhook, as from a Northflank notification integration: the
      // simulator sends them to the operator's webhook endpoint with the integration's secret
      Path webhookDir = Files.createTempDirectory("northflank-demo-webhook");
      String webhookSecret = "demo-webhook-" + UUID.randomUUID();
      Path webhookTokenFile = Files.writeString(webhookDir.resolve("token"), webhookSecret);
      OperatorConfig config =
          OperatorConfig.from(
              Map.of(
                  OperatorSettings.WEBHOOK_PORT.variable(),
                  "0",
                  OperatorSettings.WEBHOOK_TOKEN_FILE.variable(),
                  webhookTokenFile.toString(),
                  OperatorSettings.API_URL.variable(),
                  northflank.baseUrl().toString(),
                  OperatorSettings.API_TOKEN.variable(),
                  TOKEN,
                  OperatorSettings.SYNC_INTERVAL.variable(),
                  DurationParser.format(syncInterval),
                  // the demo's own resources; other namespaces are left to an operator the
                  // reader runs against this API (docs/playground.md)
                  OperatorSettings.WATCH_NAMESPACES.variable(),
                  NAMESPACE,
                  // the demo reads faster than the CRD lets a resource ask for
                  OperatorSettings.MIN_SYNC_INTERVAL.variable(),
                  DurationParser.format(syncInterval),
                  // the simulator's account allows the same; the demo stays far below it
                  OperatorSettings.API_BUDGET.variable(),
                  DEMO_BUDGET,
                  // the operator-wide token serves the demo's namespace, and may correct there:
                  // the demo shows driftPolicy: Correct
                  OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable(),
                  NAMESPACE,
                  OperatorSettings.DEFAULT_TOKEN_WRITES.variable(),
                  "true"));
      try (NorthflankOperator operator =
          NorthflankOperator.builder(config, client)
              .apiCalls(observability.api())
              .syncs(observability.jobs())
              .metrics(observability.operatorMetrics())
              .webhookMetrics(observability.webhooks())
              .build();
          WebhookServer webhooks =
              WebhookServer.start(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  WebhookToken.fromFile(webhookTokenFile),
                  operator.runEvents())) {
        URI webhookUrl =
            URI.create("http://127.0.0.1:" + webhooks.port() + WebhookServer.PATH);
        northflank.sendWebhooks(webhookUrl, webhookSecret);
        say(
            "Operator webhook: "
                + webhookUrl
                + "  (the simulator sends its job-run events here)");
        operatorReady = operator::isReady;
        operator.start();
        step("The operator reads each job and writes its status (kubectl get nfjob)");
        for (String name : names) {
          // a new resource's runs come with its first read, or with its first routine poll
          awaitJob(
              client,
              name,
              job -> isTrue(job, ConditionTypes.READY) && job.getStatus().lastRun() != null);
        }
        printTable(client, crd);

        if (syncInterval.compareTo(Duration.ofSeconds(10)) > 0) {
          say("");
          say(
              "(The operator reads each job every "
                  + DurationParser.format(syncInterval)
                  + ": each change below shows at the next read, so each step may take that"
                  + " long.)");
        }
        step("Someone changes the live cron job in the Northflank console");
        String change =
            "{\"settings\":{\"cron\":{\"schedule\":\"0 * * *"
                + " *\",\"concurrencyPolicy\":\"forbid\"}}}";
        patchLiveJob(northflank.baseUrl(), change);
        NorthflankJob drifted =
            awaitJob(client, CRON_JOB, job -> isTrue(job, ConditionTypes.DRIFTED));
        printTable(client, crd);
        printDrift(drifted);
        printEvents(client, "DriftDetected");

        step("The change is reverted in the console");
        String revert =
            "{\"settings\":{\"cron\":{\"schedule\":\"30 8 * *"
                + " *\",\"concurrencyPolicy\":\"allow\"}}}";
        patchLiveJob(northflank.baseUrl(), revert);
        awaitJob(client, CRON_JOB, job -> isFalse(job, ConditionTypes.DRIFTED));
        printTable(client, crd);
        printEvents(client, "DriftResolved");

        correctionScene(client, crd, northflank);
        failedRunScene(client, crd, northflank);
        lifecycleScene(client, northflank);

        step("What happened");
        say("The operator read every job through the Northflank API (Get Job), wrote what it saw");
        say("onto each NorthflankJob's status, compared it with spec.job field by field, flagged");
        say("the two declared fields that changed (Drifted=True, Ready=False, a Warning Event),");
        say("and cleared the drift when the live job matched again (DriftResolved). With");
        say("driftPolicy: Correct it put the live job back itself: one PATCH carrying only the");
        say("drifted fields, its answer taken as the new observation (DriftCorrected). It also");
        say("read each job's latest runs (GET jobs/{jobId}/runs) once, then whenever Northflank");
        say("pushed a job-run event to its webhook: when a run failed, the runs were read at once,");
        say("LAST-RUN turned Failed, LastRunSucceeded False and a RunFailed Warning Event went out,");
        say("once. Without a webhook the runs are read at every poll: two requests per job instead");
        say("of one. Declared with creationPolicy: IfAbsent, two jobs were created from Git (one");
        say("POST each); deleting their resources deleted the one with deletionPolicy: Delete (one");
        say("DELETE) and left the one with the default Orphan in Northflank.");
        say(
            "Northflank API requests: "
                + northflank.counters().total()
                + "; Kubernetes writes by the operator: "
                + (kubernetes.requests().writeCount() - writesBeforeOperator)
                + " (status patches and Events on change; an unchanged poll writes nothing).");
        say("Elapsed: " + Duration.between(started, Instant.now()).toMillis() / 1000.0 + "s");

        if (keepRunning) {
          keepServing(api, northflank);
        }
      } finally {
        northflank.sendWebhooks(null, null);
        deleteTree(webhookDir);
      }
    }
    return 0;
  }

  /**
   * Git becomes the source of truth: example-job switches to driftPolicy Correct, the live job is
   * changed again in the console, and the operator puts it back with one PATCH.
   */
  private void correctionScene(
      KubernetesClient client, CustomResourceDefinition crd, NorthflankSimulator northflank)
      throws IOException, InterruptedException {
    step("The team makes Git the source of truth for example-job (driftPolicy: Correct)");
    String policy = "{\"spec\":{\"driftPolicy\":\"Correct\"}}";
    // applied through the API by the demo itself, so not a "$ kubectl" transcript
    say(
        "The demo applies what `kubectl patch nfjob "
            + CRON_JOB
            + " -n "
            + NAMESPACE
            + " --type merge -p '"
            + policy
            + "'` would:");
    NorthflankJob switched =
        client
            .resources(NorthflankJob.class)
            .inNamespace(NAMESPACE)
            .withName(CRON_JOB)
            .patch(PatchContext.of(PatchType.JSON_MERGE), policy);
    // what kubectl prints for it
    say("  northflankjob.northflank.com/" + CRON_JOB + " patched");
    Long generation = switched.getMetadata().getGeneration();
    awaitJob(
        client,
        CRON_JOB,
        job ->
            Objects.equals(generation, job.getStatus().observedGeneration())
                && isTrue(job, ConditionTypes.READY));

    step("Someone changes the live cron job in the console again");
    String change =
        "{\"settings\":{\"cron\":{\"schedule\":\"0 * * * *\",\"concurrencyPolicy\":\"forbid\"}}}";
    int writesBefore = northflank.writes().all().size();
    patchLiveJob(northflank.baseUrl(), change);
    NorthflankJob corrected =
        awaitJob(
            client,
            CRON_JOB,
            job ->
                job.getStatus().lastCorrection() != null
                    && Objects.equals(job.getStatus().lastCorrection().generation(), generation)
                    && isFalse(job, ConditionTypes.DRIFTED));
    say("");
    say("The operator's PATCH, as the Northflank API received it:");
    List<WriteLog.Write> writes = northflank.writes().all();
    for (WriteLog.Write write : writes.subList(writesBefore + 1, writes.size())) {
      say(
          "  "
              + write.method()
              + " "
              + write.path()
              + " "
              + write.body()
              + "  -> "
              + write.status());
    }
    printTable(client, crd);
    LastCorrection last = corrected.getStatus().lastCorrection();
    say("");
    say("status.lastCorrection of nfjob/" + CRON_JOB + " (the demo's rendering):");
    say(JSON.writeValueAsString(last));
    printEvents(client, "DriftCorrected");
  }

  /**
   * The job's health: a run of the cron job fails in Northflank, and the resource shows it
   * (LAST-RUN, status.lastRun, LastRunSucceeded) with one RunFailed Event; Ready stays True, since
   * the job itself is as Git declares it.
   */
  private void failedRunScene(
      KubernetesClient client, CustomResourceDefinition crd, NorthflankSimulator northflank)
      throws IOException, InterruptedException {
    step("A run of the cron job fails in Northflank");
    long runReads = northflank.counters().route(RUNS_ROUTE);
    long jobReads = northflank.counters().route(GET_JOB_ROUTE);
    String run = northflank.addRun(PROJECT, CRON_JOB, RunStatus.FAILED, FAILED_RUN_TOOK);
    say(
        "  (the simulator plays Northflank running "
            + CRON_JOB
            + ": run "
            + run
            + " failed after "
            + DurationParser.format(FAILED_RUN_TOOK)
            + ")");
    NorthflankJob failed =
        awaitJob(client, CRON_JOB, job -> isFalse(job, ConditionTypes.LAST_RUN_SUCCEEDED));
    say(
        "  (Northflank's job-run:start and job-run:failure came by webhook, "
            + observability.webhooks().count(WebhookMetrics.Answer.ACCEPTED)
            + " accepted so far; the operator read the runs at once, with "
            + (northflank.counters().route(RUNS_ROUTE) - runReads)
            + " runs request(s) and "
            + (northflank.counters().route(GET_JOB_ROUTE) - jobReads)
            + " Get Job meanwhile; runs are otherwise read hourly)");
    printTable(client, crd);
    say("");
    say("status.lastRun of nfjob/" + CRON_JOB + " (the demo's rendering):");
    say(JSON.writeValueAsString(failed.getStatus().lastRun()));
    Condition verdict =
        Conditions.find(failed.getStatus().conditions(), ConditionTypes.LAST_RUN_SUCCEEDED)
            .orElseThrow();
    say(
        "LastRunSucceeded="
            + verdict.status()
            + " ("
            + verdict.reason()
            + "): "
            + verdict.message());
    printEvents(client, "RunFailed");
  }

  /**
   * Lifecycle from Git (docs/lifecycle.md): two jobs that do not exist are declared with
   * creationPolicy IfAbsent and created; deleting their resources deletes the one with
   * deletionPolicy Delete and leaves the one with the default Orphan. No table of its own: the
   * Events and the Northflank requests tell it.
   */
  private void lifecycleScene(KubernetesClient client, NorthflankSimulator northflank)
      throws InterruptedException {
    step("Two jobs declared in Git are created in Northflank (creationPolicy: IfAbsent)");
    int writesBefore = northflank.writes().all().size();
    client.resource(declared(DELETED_JOB, "Report from Git", NorthflankJobSpec.DELETE)).create();
    say("  northflankjob/" + DELETED_JOB + " (deletionPolicy: Delete)");
    client.resource(declared(ORPHANED_JOB, "Digest from Git", null)).create();
    say("  northflankjob/" + ORPHANED_JOB + " (deletionPolicy: Orphan, the default)");
    for (String name : List.of(DELETED_JOB, ORPHANED_JOB)) {
      awaitJob(
          client,
          name,
          job ->
              NorthflankJobStatus.CREATED.equals(job.getStatus().ownership())
                  && isTrue(job, ConditionTypes.READY));
    }
    printWrites(northflank, writesBefore);
    printLifecycleEvents(client, "JobCreated", 2);

    step("Their resources are deleted from Git");
    writesBefore = northflank.writes().all().size();
    for (String name : List.of(DELETED_JOB, ORPHANED_JOB)) {
      client.resources(NorthflankJob.class).inNamespace(NAMESPACE).withName(name).delete();
      say("  northflankjob.northflank.com \"" + name + "\" deleted");
    }
    for (String name : List.of(DELETED_JOB, ORPHANED_JOB)) {
      awaitGone(client, name);
    }
    printWrites(northflank, writesBefore);
    printLifecycleEvents(client, "JobDeleted", 1);
    say("");
    for (String name : List.of(DELETED_JOB, ORPHANED_JOB)) {
      say(
          "  job "
              + name
              + (northflank.job(PROJECT, name).isPresent()
                  ? ": still in Northflank (Orphan)"
                  : ": deleted from Northflank (Delete)"));
    }
  }

  /** A job declared only in Git, created from an external image when absent. */
  private static NorthflankJob declared(String jobId, String name, String deletionPolicy) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(jobId)
            .withNamespace(NAMESPACE)
            .build());
    job.setSpec(
        new NorthflankJobSpec(
                PROJECT,
                jobId,
                null,
                null,
                null,
                new JobDefinition(
                    name,
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
                    new JobDefinition.JobSettings(null, 0, null)))
            .withLifecycle(
                NorthflankJobSpec.IF_ABSENT,
                deletionPolicy,
                new JobCreation(
                    new JobCreation.Source(
                        new JobCreation.ExternalImage("ghcr.io/acme/" + jobId + ":1.0", null),
                        null,
                        null),
                    null)));
    return job;
  }

  /**
   * The lifecycle's Events, in the demo's rendering (not a kubectl transcript: they are of
   * resources the tour's tables do not show), once {@code expected} of them are there.
   */
  private void printLifecycleEvents(KubernetesClient client, String reason, int expected)
      throws InterruptedException {
    List<Event> events = List.of();
    Instant deadline = Instant.now().plus(patience());
    while (events.size() < expected && Instant.now().isBefore(deadline)) {
      events =
          client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
              .filter(e -> reason.equals(e.getReason()))
              .toList();
      if (events.size() < expected) {
        Thread.sleep(100);
      }
    }
    say("");
    say(reason + " Events (the demo's rendering):");
    events.stream()
        .map(e -> "  " + e.getType() + " " + e.getReason() + " northflankjob/"
            + e.getInvolvedObject().getName() + ": " + e.getMessage())
        .sorted()
        .forEach(this::say);
  }

  /** The requests other than GET the Northflank API received since {@code from}. */
  private void printWrites(NorthflankSimulator northflank, int from) {
    say("");
    say("What the Northflank API received (writes):");
    List<WriteLog.Write> writes = northflank.writes().all();
    for (WriteLog.Write write : writes.subList(from, writes.size())) {
      say("  " + write.method() + " " + write.path() + "  -> " + write.status());
    }
  }

  private List<String> applySamples(KubernetesClient client) throws IOException {
    List<String> jobs = new ArrayList<>();
    for (String sample :
        List.of("northflank-api-secret.yaml", "example-cron-job.yaml", "manual-job.yaml")) {
      HasMetadata resource = load("/samples/" + sample);
      resource.getMetadata().setNamespace(NAMESPACE);
      if (resource instanceof Secret secret) {
        secret.setStringData(Map.of("token", TOKEN));
        say("  secret/" + secret.getMetadata().getName() + " (token replaced with the demo token)");
      } else if (resource instanceof NorthflankJob job) {
        NorthflankJobSpec spec = job.getSpec();
        // the CRD refuses an interval under 10s: the resource leaves it to the demo's operator
        job.setSpec(
            new NorthflankJobSpec(
                spec.projectId(),
                spec.jobId(),
                spec.teamId(),
                spec.credentials(),
                null,
                spec.job()));
        jobs.add(job.getMetadata().getName());
        say(
            "  northflankjob/"
                + job.getMetadata().getName()
                + " (no syncInterval: the demo's operator reads every "
                + DurationParser.format(syncInterval)
                + ")");
      }
      client.resource(resource).create();
    }
    return jobs;
  }

  private static HasMetadata load(String resource) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("sample missing from the jar: " + resource);
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      HasMetadata generic = Serialization.unmarshal(yaml);
      return "NorthflankJob".equals(generic.getKind())
          ? Serialization.unmarshal(yaml, NorthflankJob.class)
          : generic;
    }
  }

  private void patchLiveJob(URI baseUrl, String body) throws IOException, InterruptedException {
    URI uri = baseUrl.resolve("/v1/projects/" + PROJECT + "/jobs/" + CRON_JOB);
    say("  PATCH " + uri.getPath() + " " + body);
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the simulator refused the change: " + response.body());
    }
  }

  /**
   * Until the resource is gone, read by GET: a watch on the embedded API started just after the
   * deletion may never see it (the mock server replays no history), so waitUntilCondition can
   * wait out its whole timeout for a resource already deleted.
   */
  private void awaitGone(KubernetesClient client, String name) throws InterruptedException {
    long patience = patience().toMillis();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patience);
    while (client.resources(NorthflankJob.class).inNamespace(NAMESPACE).withName(name).get()
        != null) {
      if (System.nanoTime() > deadline) {
        throw new KubernetesClientTimeoutException(
            "NorthflankJob", name, NAMESPACE, patience, TimeUnit.MILLISECONDS);
      }
      Thread.sleep(100);
    }
  }

  private NorthflankJob awaitJob(
      KubernetesClient client, String name, Predicate<NorthflankJob> condition) {
    return client
        .resources(NorthflankJob.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .waitUntilCondition(
            job -> job != null && job.getStatus() != null && condition.test(job),
            patience().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * How long a step waits for the operator: a change in Northflank is seen at the job's next
   * read, up to one sync interval later (plus its 10% jitter), whatever interval was chosen.
   */
  Duration patience() {
    return WAIT.plus(syncInterval.multipliedBy(2));
  }

  private void printTable(KubernetesClient client, CustomResourceDefinition crd) {
    PrinterColumns columns = PrinterColumns.of(crd);
    Instant now = Instant.now();
    List<List<String>> rows = new ArrayList<>();
    for (NorthflankJob job :
        client.resources(NorthflankJob.class).inNamespace(NAMESPACE).list().getItems()) {
      JsonNode tree = JSON.valueToTree(job);
      List<String> row = new ArrayList<>();
      row.add(job.getMetadata().getName());
      row.addAll(columns.cells(tree, true, now));
      rows.add(row);
    }
    List<String> headers = new ArrayList<>();
    headers.add("NAME");
    headers.addAll(columns.headers(true));
    transcript(
        "kubectl get nfjob -n " + NAMESPACE + " -o wide", PrinterColumns.format(headers, rows));
  }

  private void transcript(String command, String output) {
    say("");
    say("$ " + command);
    out.print(output);
    if (transcriptCheck != null) {
      transcriptCheck.printed(command, output);
    }
  }

  private void printDrift(NorthflankJob job) {
    say("");
    say("status.drift of nfjob/" + job.getMetadata().getName() + " (the demo's rendering):");
    List<List<String>> rows = new ArrayList<>();
    for (FieldDrift drift : job.getStatus().drift()) {
      rows.add(List.of(drift.field(), drift.desired(), drift.actual()));
    }
    out.print(PrinterColumns.format(List.of("FIELD", "DESIRED (spec.job)", "ACTUAL (live)"), rows));
    Condition drifted =
        Conditions.find(job.getStatus().conditions(), ConditionTypes.DRIFTED).orElseThrow();
    say("Drifted=" + drifted.status() + " (" + drifted.reason() + "): " + drifted.message());
  }

  /** The Event follows the status write, so wait for it as kubectl -w would. */
  private void printEvents(KubernetesClient client, String reason) throws InterruptedException {
    List<Event> events = List.of();
    Instant deadline = Instant.now().plus(patience());
    while (events.isEmpty() && Instant.now().isBefore(deadline)) {
      events =
          client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
              .filter(e -> reason.equals(e.getReason()))
              .toList();
      if (events.isEmpty()) {
        Thread.sleep(100);
      }
    }
    Instant now = Instant.now();
    List<List<String>> rows = new ArrayList<>();
    for (Event event : events) {
      rows.add(EventTable.cells(JSON.valueToTree(event), false, now));
    }
    transcript(
        "kubectl get events -n " + NAMESPACE + " --field-selector reason=" + reason,
        PrinterColumns.format(EventTable.headers(false), rows));
  }

  /**
   * Serves until Ctrl-C. A kubeconfig the demo chose itself lives in a temporary directory that is
   * removed on every way out: Ctrl-C waits (briefly) for it, an error takes the same finally.
   */
  private void keepServing(URI api, NorthflankSimulator northflank)
      throws IOException, InterruptedException {
    Path temporary = kubeconfig == null ? Files.createTempDirectory("northflank-demo") : null;
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch cleanedUp = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                cleanedUp.await(CLEAN_UP.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Path config = kubeconfig != null ? kubeconfig : temporary.resolve("kubeconfig");
      EmbeddedKubernetes.writeKubeconfig(api, config);
      step("Still running (Ctrl-C to stop)");
      new KeepRunningGuide(
              out, api, config, northflank.baseUrl(), metricsServer.port(), KEEP_RUNNING_RUN_EVERY)
          .print();
      stop.await();
    } finally {
      if (temporary != null) {
        deleteTree(temporary);
      }
      cleanedUp.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is what brought us here
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static boolean isTrue(NorthflankJob job, String type) {
    return Conditions.isTrue(job.getStatus().conditions(), type);
  }

  private static boolean isFalse(NorthflankJob job, String type) {
    return Conditions.isFalse(job.getStatus().conditions(), type);
  }

  /**
   * The walkthrough tells the story; the operator's own INFO lines would drown it. Returns what
   * puts the levels back.
   */
  private static Runnable quietLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("com.northflank.operator");
    Level rootLevel = root.getLevel();
    Level ourLevel = ours.getLevel();
    root.setLevel(Level.WARN);
    ours.setLevel(Level.WARN);
    return () -> {
      root.setLevel(rootLevel);
      ours.setLevel(ourLevel);
    };
  }

  private void step(String title) {
    say("");
    say("== " + title);
  }

  private void say(String line) {
    out.println(line);
  }
}
