package com.northflank.operator.cli;

import com.northflank.operator.bench.Bench;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.DurationParser;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The performance harness, fully in-process. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the operator in-process against the mock Kubernetes API and the Northflank",
      "simulator: first sync, reads per interval, writes per unchanged poll, heap per job,",
      "the ceiling of the same servers, and staleness under a request budget."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--jobs",
      split = ",",
      defaultValue = "1000,10000",
      description = "Job counts to run, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Integer> jobs;

  @Option(
      names = "--api-latency",
      defaultValue = "20ms",
      description = "Latency the simulator adds to every request. Default: ${DEFAULT-VALUE}.")
  String apiLatency;

  @Option(
      names = "--concurrency",
      defaultValue = "10",
      description =
          "Reconciles in parallel, and the ceiling loop's threads. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--interval",
      description = "Sync interval of the throughput runs. Default: max(15s, jobs/200 s).")
  String interval;

  @Option(
      names = "--budget-jobs",
      defaultValue = "200",
      description = "Jobs in the budget run (0 skips it). Default: ${DEFAULT-VALUE}.")
  int budgetJobs;

  @Option(
      names = "--budget",
      defaultValue = "600/1m",
      description = "Request budget of the budget run. Default: ${DEFAULT-VALUE}.")
  String budget;

  @Option(
      names = "--budget-duration",
      description =
          "How long the budget run observes after every job was read once."
              + " Default: 2.5 x N/B.")
  String budgetDuration;

  @Option(
      names = "--warm-up",
      defaultValue = "300",
      description =
          "Jobs in an unreported first run that warms up the JVM. Default: ${DEFAULT-VALUE}.")
  int warmUp;

  @Override
  public Integer call() throws Exception {
    Bench bench =
        new Bench(
            jobs,
            DurationParser.parse(apiLatency),
            concurrency,
            interval == null ? null : DurationParser.parse(interval),
            budgetJobs,
            ApiBudget.parse(budget),
            budgetDuration == null ? null : DurationParser.parse(budgetDuration),
            warmUp,
            System.out);
    bench.run();
    return 0;
  }
}
