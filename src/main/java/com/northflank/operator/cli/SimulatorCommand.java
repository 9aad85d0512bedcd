package com.northflank.operator.cli;

import com.northflank.operator.simulator.NorthflankSimulator;
import com.northflank.operator.simulator.SimulatorOptions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Northflank API simulator on its own port, e.g. for a locally run operator or a client. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = "Serve the Northflank API simulator (job routes) until Ctrl-C.")
public final class SimulatorCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--token",
      defaultValue = "nf-local-token",
      description = "Accepted API token (repeatable). Default: ${DEFAULT-VALUE}.")
  List<String> tokens;

  @Option(
      names = "--budget",
      defaultValue = "1000 per 1h",
      description =
          "Requests per token per window, e.g. '1000 per 1h' or '5/1s'. Default: ${DEFAULT-VALUE}.")
  String budget;

  @Option(names = "--no-seed", description = "Start without the sample jobs.")
  boolean noSeed;

  @Override
  public Integer call() throws InterruptedException {
    SimulatorOptions.Builder options =
        SimulatorOptions.builder().port(port).bindAddress(bind).budget(budget).seedJobs(!noSeed);
    tokens.forEach(options::token);
    NorthflankSimulator simulator = NorthflankSimulator.start(options.build());
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
