package com.northflank.operator.playground.bench;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import java.time.Duration;

/**
 * The two servers every bench run measures against: the embedded Kubernetes API with the CRD
 * installed and no request recording (it would grow with every request), and the Northflank
 * simulator accepting the bench's token.
 */
record BenchServers(EmbeddedKubernetes kubernetes, NorthflankSimulator northflank)
    implements AutoCloseable {

  /** A budget no run reaches: the runs that measure throughput must not be paced by it. */
  static final ApiBudget UNLIMITED = new ApiBudget(100_000_000, Duration.ofHours(1));

  static BenchServers start(ApiBudget budget, int simulatorThreads) {
    EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
    try {
      kubernetes.requests().setRecording(false);
      kubernetes.installCrd();
      NorthflankSimulator northflank =
          NorthflankSimulator.start(
              SimulatorOptions.builder()
                  .token(ThroughputRun.TOKEN)
                  .budget(budget.requests(), budget.window())
                  .threads(simulatorThreads)
                  .build());
      return new BenchServers(kubernetes, northflank);
    } catch (RuntimeException e) {
      kubernetes.close();
      throw e;
    }
  }

  @Override
  public void close() {
    northflank.close();
    kubernetes.close();
  }
}
