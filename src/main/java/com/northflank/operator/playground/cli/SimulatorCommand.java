package com.northflank.operator.playground.cli;

import com.northflank.operator.playground.demo.DemoCommand;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Northflank API simulator on its own port, e.g. for a locally run operator or a client. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    description = {
      "Serve the Northflank API simulator until Ctrl-C.",
      "It answers the job routes (list, get, create, patch, delete, suspend, runs) like the"
          + " Northflank API, with its request budget and errors, for a locally run operator or any"
          + " API client."
    },
    exitCodeList = {
      "  2:a bad option, or the port in use",
      "130:stopped by Ctrl-C (143: by SIGTERM)"
    })
public final class SimulatorCommand implements Callable<Integer> {

  static final String SYNTHETIC_PROJECT = "synthetic-project";

  /** Not 8080, where `run` and `demo` serve their metrics by default: the two run side by side. */
  static final String DEFAULT_PORT = "8090";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = DEFAULT_PORT,
      description = "Port to listen on (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = DemoCommand.TOKEN,
      description =
          "API token the simulator accepts; repeat it for several. Default: ${DEFAULT-VALUE},"
              + " the demo's token.")
  List<String> tokens;

  /** What --api-budget sets, and its hidden old name too. */
  private static final String BUDGET_DESCRIPTION =
      "Requests each token may make per window; more are answered 429.";

  @Option(
      names = "--api-budget",
      paramLabel = "N/DURATION",
      defaultValue = "1000/1h",
      description = BUDGET_DESCRIPTION + " Default: ${DEFAULT-VALUE}, Northflank's limit.")
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

  @Option(names = "--no-seed", description = "Start without the sample jobs.")
  boolean noSeed;

  @Option(
      names = "--synthetic-jobs",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Also serve N generated jobs, job-00001 and on, in project "
              + SYNTHETIC_PROJECT
              + " (to try export on a large project). Default: ${DEFAULT-VALUE}.")
  int syntheticJobs;

  @Option(
      names = "--run-every",
      paramLabel = "DURATION",
      description =
          "Every cron job that is not suspended starts a run this often, by the clock from the"
              + " simulator's start; a quarter of the period later it concludes, one in four"
              + " failing. Default: no new runs.")
  Duration runEvery;

  @Override
  public Integer call() throws InterruptedException {
    ApiBudget budget = budget();
    SimulatorOptions.Builder options =
        SimulatorOptions.builder()
            .port(port)
            .bindAddress(bind)
            .budget(budget.requests(), budget.window())
            .seedJobs(!noSeed)
            .runEvery(runEvery);
    tokens.forEach(options::token);
    NorthflankSimulator simulator;
    try {
      simulator = NorthflankSimulator.start(options.build());
    } catch (UncheckedIOException e) {
      // one line, as demo and run say it, rather than the trace of the bind
      System.err.println(
          "Cannot serve the simulator on "
              + bind
              + ":"
              + port
              + " ("
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              + "); --port 0 picks a free port.");
      return 2;
    }
    if (syntheticJobs > 0) {
      simulator.seedSyntheticJobs(SYNTHETIC_PROJECT, syntheticJobs);
    }
    System.out.println("Northflank API simulator on " + simulator.baseUrl());
    System.out.println(
        "  curl -H 'Authorization: Bearer "
            + tokens.get(0)
            + "' "
            + simulator.baseUrl()
            + "/v1/projects/default-project/jobs/example-job");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stop.countDown();
                },
                "simulator-stop"));
    stop.await();
    return 0;
  }
}
