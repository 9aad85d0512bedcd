package com.northflank.operator.playground.cli;

import com.northflank.operator.playground.bench.Bench;
import com.northflank.operator.playground.bench.FootprintRun;
import com.northflank.operator.playground.bench.OperatorLauncher;
import com.northflank.operator.playground.bench.SoakRun;
import com.northflank.operator.config.ApiBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The performance harness, fully in-process. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Measure the operator's performance.",
      "Runs against the mock Kubernetes API and the Northflank simulator and reports the first"
          + " sync, reads per interval, writes per unchanged poll, heap per job, two ceilings of"
          + " the same servers (a plain loop and a plain informer), and staleness under a"
          + " request budget, all in-process; asked for by name, the footprint of the operator"
          + " as a process of its own (the image in Docker, or the product jar) and a soak of"
          + " it."
    },
    exitCodeList = {
      "0:every scenario ran",
      "1:a scenario failed, with its stack trace",
      "2:a bad option"
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--jobs",
      paramLabel = "N",
      split = ",",
      defaultValue = "1000,10000",
      description = "Job counts to run, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Integer> jobs;

  @Option(
      names = "--api-latency",
      paramLabel = "DURATION",
      defaultValue = "20ms",
      description = "Latency the simulator adds to every request. Default: ${DEFAULT-VALUE}.")
  Duration apiLatency;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Reconciles in parallel, and the ceiling loop's threads. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description =
          "Sync interval of the throughput runs. Default: 15s, or one second per 200 jobs"
              + " when that is longer.")
  Duration interval;

  @Option(
      names = "--budget-jobs",
      paramLabel = "N",
      defaultValue = "200",
      description = "Jobs in the budget run (0 skips it). Default: ${DEFAULT-VALUE}.")
  int budgetJobs;

  /** What --api-budget sets, and its hidden old name too. */
  private static final String BUDGET_DESCRIPTION = "Request budget of the budget run.";

  @Option(
      names = "--api-budget",
      paramLabel = "N/DURATION",
      defaultValue = "600/1m",
      description = BUDGET_DESCRIPTION + " Default: ${DEFAULT-VALUE}.")
  ApiBudget apiBudget;

  /**
   * The name before --api-budget, which run, export and diff use for the same thing: hidden, and it
   * wins when given, as it did.
   */
  @Option(
      names = "--budget",
      hidden = true,
      paramLabel = "N/DURATION",
      description = BUDGET_DESCRIPTION)
  ApiBudget deprecatedBudget;

  /** The request budget given, under either name; says so when it is the old one. */
  ApiBudget budget() {
    if (deprecatedBudget == null) {
      return apiBudget;
    }
    System.err.println(DeprecatedNames.BUDGET);
    return deprecatedBudget;
  }

  @Option(
      names = "--budget-duration",
      paramLabel = "DURATION",
      description =
          "How long the budget run observes after every job was read once."
              + " Default: 2.5 times the jobs divided by the budget's requests per second.")
  Duration budgetDuration;

  @Option(
      names = "--warm-up",
      paramLabel = "N",
      defaultValue = "5000",
      description =
          "Jobs in an unreported first run that warms up the JVM. The operator's code runs"
              + " thousands of times before the JIT has compiled it (a ceiling's, shorter, much"
              + " sooner), so a smaller warm-up measures compilation. Default: ${DEFAULT-VALUE}.")
  int warmUp;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Rounds of each job count below "
              + Bench.ROUNDS_BELOW_JOBS
              + "; the table shows the median round by operator / informer ceiling and the ratio"
              + " of every round. Such a row lasts seconds, and the first rounds after the"
              + " warm-up still run code the JIT deoptimises and compiles again. Default:"
              + " ${DEFAULT-VALUE}.")
  int rounds;

  @Option(
      names = "--observe-runs",
      paramLabel = "true|false",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Whether the operator reads each job's runs (two requests per sync instead of one)."
              + " Default: ${DEFAULT-VALUE}.")
  boolean observeRuns;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "throughput,budget,freshness,restart",
      description =
          "Parts to run, comma-separated: throughput, budget, freshness (list-assisted polling"
              + " under a tight budget), restart (requests after a restart), webhook (run events"
              + " polled vs pushed by webhook, and a flood of bad webhook requests; minutes),"
              + " footprint (the operator's start, memory and image against their targets, as a"
              + " process of its own: see --operator), soak (1000 jobs for --soak-duration, faults"
              + " on and off: memory growth, reconciles per minute, lost observations). Default:"
              + " the first four.")
  List<Scenario> scenarios;

  @Option(
      names = "--freshness-budget",
      paramLabel = "N/DURATION",
      defaultValue = "600/1m",
      description =
          "Request budget of the freshness scenario (1000 jobs in 10 projects). Default:"
              + " ${DEFAULT-VALUE}.")
  ApiBudget freshnessBudget;

  @Option(
      names = "--restart-interval",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description = "Sync interval of the restart scenario. Default: ${DEFAULT-VALUE}.")
  Duration restartInterval;

  @Option(
      names = "--webhook-jobs",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Jobs of the webhook scenario, 100 per project, under --freshness-budget. Default:"
              + " ${DEFAULT-VALUE}.")
  int webhookJobs;

  @Option(
      names = "--webhook-interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Sync interval of the webhook scenario. Default: ${DEFAULT-VALUE}.")
  Duration webhookInterval;

  @Option(
      names = "--webhook-runs",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Runs per job per hour in the webhook scenario, each failing. Default:"
              + " ${DEFAULT-VALUE}.")
  double webhookRuns;

  @Option(
      names = "--webhook-duration",
      paramLabel = "DURATION",
      defaultValue = "3m",
      description =
          "How long the webhook scenario measures each of polling and webhooks, after a warm-up"
              + " of 1.5 intervals. Default: ${DEFAULT-VALUE}.")
  Duration webhookDuration;

  @Option(
      names = "--operator",
      paramLabel = "auto|image|jar",
      defaultValue = "auto",
      description =
          "What the footprint and soak scenarios start: the image (loaded from --image-tarball"
              + " with skopeo, run by Docker as the Deployment runs it), the product jar in a child"
              + " JVM, or auto: the image when Docker answers and the tarball is there, else the"
              + " jar. Default: ${DEFAULT-VALUE}.")
  String operator;

  @Option(
      names = "--image-tarball",
      paramLabel = "FILE",
      defaultValue = "target/northflank-job-operator-image.tar",
      description = {
        // a line of its own: the help would break the path inside a word
        "The image, as mvn -Pimage package writes it. Default:", "${DEFAULT-VALUE}"
      })
  Path imageTarball;

  @Option(
      names = "--product-jar",
      paramLabel = "FILE",
      defaultValue = "target/product/northflank-job-operator.jar",
      description = {"The product jar, run when there is no image. Default:", "${DEFAULT-VALUE}"})
  Path productJar;

  @Option(
      names = "--operator-env",
      paramLabel = "NAME=VALUE",
      description =
          "More environment for the operator the footprint and soak scenarios start, e.g."
              + " JAVA_TOOL_OPTIONS=-XX:+UseSerialGC to weigh a JVM option; repeatable.")
  Map<String, String> operatorEnvironment = new java.util.LinkedHashMap<>();

  @Option(
      names = "--footprint-starts",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Starts timed to /readyz, on an empty cluster and again with the jobs synced; the table"
              + " shows the median. Default: ${DEFAULT-VALUE}.")
  int footprintStarts;

  @Option(
      names = "--soak-duration",
      paramLabel = "DURATION",
      defaultValue = "30m",
      description = "How long the soak scenario runs. Default: ${DEFAULT-VALUE}.")
  Duration soakDuration;

  @Option(
      names = "--soak-memory",
      paramLabel = "MiB",
      defaultValue = "160",
      description =
          "The operator's memory limit in the soak scenario, as the Deployment sets it."
              + " Default: ${DEFAULT-VALUE}.")
  int soakMemory;

  /** The parts of the bench. */
  enum Scenario {
    throughput,
    budget,
    freshness,
    restart,
    webhook,
    footprint,
    soak
  }

  private OperatorLauncher.Kind launchKind() {
    try {
      return OperatorLauncher.Kind.valueOf(operator.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--operator': " + operator + " (auto, image or jar)");
    }
  }

  @Override
  public Integer call() throws Exception {
    Bench bench =
        new Bench(
            jobs,
            apiLatency,
            concurrency,
            interval,
            budgetJobs,
            budget(),
            budgetDuration,
            warmUp,
            observeRuns,
            System.out);
    try {
      bench.rounds(rounds);
    } catch (IllegalArgumentException e) {
      // the bench's own rule, reported under the option the user typed
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--rounds': " + e.getMessage());
    }
    bench.scenarios(
        new Bench.Scenarios(
            scenarios.contains(Scenario.throughput),
            scenarios.contains(Scenario.budget),
            scenarios.contains(Scenario.freshness),
            scenarios.contains(Scenario.restart),
            Bench.Scenarios.ALL.freshnessJobs(),
            Bench.Scenarios.ALL.freshnessProjects(),
            freshnessBudget,
            restartInterval));
    if (scenarios.contains(Scenario.webhook)) {
      bench.webhook(webhookJobs, webhookInterval, webhookRuns, webhookDuration, freshnessBudget);
    }
    if (scenarios.contains(Scenario.footprint)) {
      FootprintRun.Settings d = FootprintRun.Settings.DEFAULTS;
      bench.footprint(
          new FootprintRun.Settings(
              d.jobs(),
              d.projects(),
              d.memory(),
              d.limit(),
              footprintStarts,
              d.settle(),
              d.apiLatency()));
    }
    if (scenarios.contains(Scenario.soak)) {
      bench.soak(
          SoakRun.Settings.defaults(soakMemory * FootprintRun.Settings.MIB)
              .withDuration(soakDuration));
    }
    bench.launch(new Bench.Launch(launchKind(), imageTarball, productJar, operatorEnvironment));
    bench.run();
    return 0;
  }
}
