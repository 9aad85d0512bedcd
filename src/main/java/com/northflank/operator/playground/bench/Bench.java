package com.northflank.operator.playground.bench;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.DurationParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The performance harness behind {@code bench}: throughput runs at each job count, then a run under
 * a tight request budget, printed as one table with the targets beside the figures; the freshness
 * and restart scenarios; and the operator as a process of its own: its footprint ({@link
 * FootprintRun}) and a soak ({@link SoakRun}).
 */
public final class Bench {

  private final List<Integer> jobCounts;
  private final Duration apiLatency;
  private final int concurrency;
  private final Duration interval;
  private final int budgetJobs;
  private final ApiBudget budget;
  private final Duration budgetDuration;
  private final int warmUpJobs;
  private final boolean observeRuns;
  private final PrintStream out;

  /**
   * Job counts below this run {@link #rounds} times: such a row lasts seconds, in which the
   * operator's start and the JIT weigh enough to move its ratios by 0.1 from one run to the next.
   * The ceilings, run between the operator's rounds in the same JVM, change the type profiles of
   * the libraries both use (fabric8, Jackson, the JDK's HTTP client): with -XX:+PrintCompilation
   * the first 1000-job round after the warm-up compiled 1627 methods and deoptimised 389 during the
   * operator's sync, the second 618 and 182. Larger counts run once; a round of 10000 jobs takes
   * minutes.
   */
  public static final int ROUNDS_BELOW_JOBS = 5000;

  private int rounds = 1;

  /** The webhook scenario's size, when it runs (it is none of {@link Scenarios}'). */
  private WebhookRun.Settings webhook;

  /** Unless told otherwise, the parts that take minutes at most (the CLI asks for all). */
  private Scenarios scenarios = Scenarios.ALL.only(true, true, false, false);

  /** The operator as a process of its own (footprint, soak): which, and where the build left it. */
  public record Launch(
      OperatorLauncher.Kind kind, Path tarball, Path jar, Map<String, String> environment) {
    public static final Launch DEFAULT =
        new Launch(
            OperatorLauncher.Kind.AUTO,
            OperatorLauncher.IMAGE_TARBALL,
            OperatorLauncher.PRODUCT_JAR,
            Map.of());
  }

  private FootprintRun.Settings footprint;
  private SoakRun.Settings soak;
  private Launch launch = Launch.DEFAULT;

  /** Which parts of the bench run, and the sizes of the freshness and restart scenarios. */
  public record Scenarios(
      boolean throughput,
      boolean budget,
      boolean freshness,
      boolean restart,
      int freshnessJobs,
      int freshnessProjects,
      ApiBudget freshnessBudget,
      Duration restartInterval) {
    public static final Scenarios ALL =
        new Scenarios(
            true, true, true, true, 1000, 10, ApiBudget.parse("600/1m"), Duration.ofMinutes(1));

    public Scenarios only(boolean throughput, boolean budget, boolean freshness, boolean restart) {
      return new Scenarios(
          throughput,
          budget,
          freshness,
          restart,
          freshnessJobs,
          freshnessProjects,
          freshnessBudget,
          restartInterval);
    }
  }

  /** Rounds of each job count below {@link #ROUNDS_BELOW_JOBS}; the table shows the median. */
  public Bench rounds(int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
    }
    this.rounds = rounds;
    return this;
  }

  /**
   * Also runs the webhook scenario, polling against webhooks side by side, with the default size
   * of {@link WebhookRun.Settings#DEFAULT} but for what is given.
   */
  public Bench webhook(
      int jobs, Duration interval, double runsPerJobPerHour, Duration measure, ApiBudget budget) {
    this.webhook =
        new WebhookRun.Settings(
            jobs,
            Math.max(1, jobs / 100),
            interval,
            runsPerJobPerHour,
            measure,
            budget);
    return this;
  }

  /** Runs only the given parts. */
  public Bench scenarios(Scenarios scenarios) {
    this.scenarios = scenarios;
    return this;
  }

  /** Also measures the operator's footprint as a process of its own; null: not. */
  public Bench footprint(FootprintRun.Settings settings) {
    this.footprint = settings;
    return this;
  }

  /** Also soaks the operator as a process of its own; null: not. */
  public Bench soak(SoakRun.Settings settings) {
    this.soak = settings;
    return this;
  }

  /** Which operator the footprint and soak runs start. */
  public Bench launch(Launch launch) {
    this.launch = launch;
    return this;
  }

  /**
   * @param interval null picks max(15s, jobs/200 s), so one round of polls fits a run
   * @param budgetDuration null observes for 2.5 x N/B
   */
  public Bench(
      List<Integer> jobCounts,
      Duration apiLatency,
      int concurrency,
      Duration interval,
      int budgetJobs,
      ApiBudget budget,
      Duration budgetDuration,
      int warmUpJobs,
      boolean observeRuns,
      PrintStream out) {
    this.jobCounts = List.copyOf(jobCounts);
    this.apiLatency = apiLatency;
    this.concurrency = concurrency;
    this.interval = interval;
    this.budgetJobs = budgetJobs;
    this.budget = budget;
    this.budgetDuration = budgetDuration;
    this.warmUpJobs = warmUpJobs;
    this.observeRuns = observeRuns;
    this.out = out;
  }

  public void run() throws Exception {
    ThroughputRun.Progress progress =
        (format, args) -> out.println("  .. " + String.format(Locale.ROOT, format, args));
    if (warmUpJobs > 0 && (scenarios.throughput() || scenarios.restart())) {
      // The first run would otherwise pay for class loading and JIT compilation alone; the
      // operator's longer code path takes thousands of reconciles to compile, so after a
      // 300-job warm-up three 1000-job runs in a row measured 0.64, 0.77, then 0.85 of the
      // informer ceiling while the ceilings' shorter code was compiled already.
      out.printf(Locale.ROOT, "== warm-up: %d jobs (not reported)%n", warmUpJobs);
      new ThroughputRun(
              warmUpJobs, apiLatency, concurrency, Duration.ofSeconds(3), observeRuns, progress)
          .run();
    }
    List<ThroughputRounds> results = new ArrayList<>();
    for (int jobs : scenarios.throughput() ? jobCounts : List.<Integer>of()) {
      Duration runInterval =
          interval != null ? interval : Duration.ofSeconds(Math.max(15, jobs / 200));
      int roundsOfJobs = jobs < ROUNDS_BELOW_JOBS ? rounds : 1;
      List<ThroughputRun.Result> done = new ArrayList<>();
      for (int round = 1; round <= roundsOfJobs; round++) {
        out.printf(
            Locale.ROOT,
            "== %d jobs, API latency %s, concurrency %d, sync interval %s, runs %s%s%n",
            jobs,
            DurationParser.format(apiLatency),
            concurrency,
            DurationParser.format(runInterval),
            observeRuns ? "observed" : "not observed",
            roundsOfJobs > 1 ? ", round " + round + " of " + roundsOfJobs : "");
        done.add(
            new ThroughputRun(jobs, apiLatency, concurrency, runInterval, observeRuns, progress)
                .run());
      }
      results.add(new ThroughputRounds(done));
    }
    BudgetRun.Result budgetResult = null;
    if (budgetJobs > 0 && scenarios.budget()) {
      BudgetRun run = new BudgetRun(budgetJobs, budget, null, observeRuns, progress);
      Duration observe =
          budgetDuration != null
              ? budgetDuration
              : Duration.ofNanos(Math.round(run.ideal().toNanos() * 2.5));
      out.printf(Locale.ROOT, "== budget run: %d jobs, budget %s%n", budgetJobs, budget);
      budgetResult = new BudgetRun(budgetJobs, budget, observe, observeRuns, progress).run();
    }
    FreshnessRun.Result freshness = null;
    if (scenarios.freshness()) {
      out.printf(
          Locale.ROOT,
          "== freshness: %d jobs in %d projects, budget %s%n",
          scenarios.freshnessJobs(),
          scenarios.freshnessProjects(),
          scenarios.freshnessBudget());
      freshness =
          new FreshnessRun(
                  scenarios.freshnessJobs(),
                  scenarios.freshnessProjects(),
                  scenarios.freshnessBudget(),
                  observeRuns,
                  null,
                  progress)
              .run();
    }
    RestartRun.Result restart = null;
    if (scenarios.restart()) {
      out.printf(
          Locale.ROOT,
          "== restart: %d jobs in %d projects, sync interval %s%n",
          scenarios.freshnessJobs(),
          scenarios.freshnessProjects(),
          DurationParser.format(scenarios.restartInterval()));
      restart =
          new RestartRun(
                  scenarios.freshnessJobs(),
                  scenarios.freshnessProjects(),
                  scenarios.restartInterval(),
                  observeRuns,
                  progress)
              .run();
    }
    FootprintRun.Result footprintResult = null;
    if (footprint != null) {
      out.printf(Locale.ROOT, "== footprint: %d jobs%n", footprint.jobs());
      try (OperatorLauncher launcher =
          OperatorLauncher.prepare(
              launch.kind(), launch.tarball(), launch.jar(), launch.environment())) {
        footprintResult = new FootprintRun(footprint, launcher, progress).run();
      }
    }
    SoakRun.Result soakResult = null;
    if (soak != null) {
      out.printf(
          Locale.ROOT,
          "== soak: %d jobs for %s%n",
          soak.jobs(),
          DurationParser.format(soak.duration()));
      try (OperatorLauncher launcher =
          OperatorLauncher.prepare(
              launch.kind(), launch.tarball(), launch.jar(), launch.environment())) {
        soakResult = new SoakRun(soak, launcher, progress).run();
      }
    }
    List<WebhookRun.Result> webhookResults = null;
    if (webhook != null) {
      out.printf(
          Locale.ROOT,
          "== webhook: %d jobs, sync interval %s, budget %s, polling then webhooks%n",
          webhook.jobs(),
          DurationParser.format(webhook.interval()),
          webhook.budget());
      webhookResults = new WebhookRun(webhook, progress).run();
    }
    out.println();
    if (webhookResults != null) {
      out.print(WebhookTable.format(webhook, webhookResults));
    }
    if (footprintResult != null) {
      out.print(FootprintTable.format(footprintResult));
    }
    if (soakResult != null) {
      out.print(SoakTable.format(soakResult));
    }
    if (!results.isEmpty() || budgetResult != null) {
      out.print(table(results, budgetResult));
    }
    if (freshness != null || restart != null) {
      out.print(FreshnessTable.format(freshness, restart));
    }
  }

  String table(List<ThroughputRounds> measured, BudgetRun.Result budgetResult) {
    List<ThroughputRun.Result> results = measured.stream().map(ThroughputRounds::median).toList();
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("metric"));
    results.forEach(r -> header.add(r.jobs() + " jobs"));
    header.add("target");
    rows.add(header.toArray(String[]::new));
    if (measured.stream().anyMatch(m -> m.rounds().size() > 1)) {
      List<String> cells = new ArrayList<>(List.of("rounds: operator / informer ceiling of each"));
      measured.forEach(m -> cells.add(m.ratios()));
      cells.add("(median round below)");
      rows.add(cells.toArray(String[]::new));
    }
    rows.add(row(results, "time to first full sync", r -> seconds(r.firstSync()), ""));
    rows.add(row(results, "reconciles per second", r -> f0(r.reconcilesPerSecond()), ""));
    String perJob = observeRuns ? "GET + runs GET + status PATCH" : "GET + status PATCH";
    rows.add(
        row(
            results,
            "plain ceiling: " + perJob + " per second",
            r -> f0(r.plainCeilingPerSecond()),
            ""));
    rows.add(
        row(
            results,
            "informer ceiling: informer + " + perJob + " per second",
            r -> f0(r.informerCeilingPerSecond()),
            ""));
    rows.add(row(results, "operator / plain ceiling", r -> f2(r.overPlainCeiling()), ">= 0.80"));
    rows.add(
        row(results, "operator / informer ceiling", r -> f2(r.overInformerCeiling()), ">= 0.90"));
    rows.add(
        row(
            results,
            "Northflank reads per job per interval",
            r -> f2(r.readsPerJobPerInterval()),
            observeRuns ? "2.00 (Get Job + runs)" : "1.00 (Get Job)"));
    rows.add(
        row(
            results,
            "Kubernetes writes per unchanged poll",
            r -> String.format(Locale.ROOT, "%.3f", r.writesPerUnchangedPoll()),
            "0 (heartbeat aside)"));
    rows.add(
        row(
            results,
            "operator heap per job (after GC)",
            r -> String.format(Locale.ROOT, "%.1f KiB", r.heapBytesPerJob() / 1024),
            "<= 10 KiB"));
    if (budgetResult != null) {
      String label = "budget: " + budgetResult.jobs() + " jobs at 1s, " + budgetResult.budget();
      String ideal =
          budgetResult.requestsPerSync() == 1 ? "N/B" : budgetResult.requestsPerSync() + "N/B";
      rows.add(
          budgetRow(
              results.size(), label + " - ideal " + ideal, seconds(budgetResult.ideal()), ""));
      rows.add(
          budgetRow(
              results.size(),
              "  max staleness (x ideal)",
              seconds(budgetResult.maxStaleness()) + " (" + f2(budgetResult.maxOverIdeal()) + "x)",
              // list sweeps take their share of the budget from the full reads (see FreshnessRun)
              "<= 1.25x"));
      rows.add(
          budgetRow(
              results.size(), "  median staleness", seconds(budgetResult.medianStaleness()), ""));
      rows.add(
          budgetRow(
              results.size(),
              "  429 responses",
              Long.toString(budgetResult.tooManyRequests()),
              "0"));
    }
    return format(rows);
  }

  private static String[] row(
      List<ThroughputRun.Result> results,
      String metric,
      Function<ThroughputRun.Result, String> value,
      String target) {
    List<String> cells = new ArrayList<>(List.of(metric));
    results.forEach(r -> cells.add(value.apply(r)));
    cells.add(target);
    return cells.toArray(String[]::new);
  }

  private static String[] budgetRow(int columns, String metric, String value, String target) {
    String[] cells = new String[columns + 2];
    java.util.Arrays.fill(cells, "");
    cells[0] = metric;
    cells[1] = value;
    cells[columns + 1] = target;
    return cells;
  }

  static String formatRows(List<String[]> rows) {
    return format(rows);
  }

  private static String format(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        text.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      text.append('\n');
    }
    return text.toString().replaceAll(" +\n", "\n");
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
