package com.northflank.operator.playground.demo;

import com.northflank.operator.testing.ChildProcess;
import static com.northflank.operator.testing.ChildProcess.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --keep-running} as a person runs it in a terminal: the operator's metrics and health
 * are served on the port it prints, and Ctrl-C removes the temporary kubeconfig it wrote.
 */
class DemoKeepRunningTest {

  @Test
  void servesTheOperatorsMetricsAndRemovesItsKubeconfigOnCtrlC() throws Exception {
    try (ChildProcess demo =
        ChildProcess.start(Map.of(), "demo", "--keep-running", "--metrics-port", "0")) {
      String curl = demo.awaitLine("/metrics | grep '^northflank_'");
      int port = Integer.parseInt(curl.replaceAll(".*http://127\\.0\\.0\\.1:([0-9]+)/.*", "$1"));
      String kubectl = demo.awaitLine("kubectl --kubeconfig ");
      Path kubeconfig = Path.of(kubectl.replaceAll(".*--kubeconfig (\\S+) .*", "$1"));
      assertThat(kubeconfig).exists();

      String metrics = get(port, "/metrics").body();
      assertThat(metrics)
          .contains("northflank_job_synced{name=\"example-job\",namespace=\"demo\"} 1.0")
          .contains("northflank_job_corrections_total{name=\"example-job\",namespace=\"demo\"} 1.0")
          .containsPattern("northflank_api_ratelimit_remaining [0-9]+\\.0")
          .contains("operator_sdk_controllers_execution_reconcile_seconds_count");
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

      demo.interrupt();
      int exit = demo.awaitExit();

      assertThat(exit).as(demo.output()).isEqualTo(130);
      assertThat(kubeconfig).doesNotExist();
      assertThat(kubeconfig.getParent()).as("the demo's temporary directory").doesNotExist();
      assertThat(demo.lines()).noneSatisfy(l -> assertThat(l).startsWith("\tat "));
    }
  }

  @Test
  void aMetricsPortInUseIsSaidBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ChildProcess demo =
            ChildProcess.start(
                Map.of(),
                "demo",
                "--keep-running",
                "--metrics-port",
                Integer.toString(taken.getLocalPort()))) {
      int exit = demo.awaitExit();

      assertThat(exit).as(demo.output()).isEqualTo(2);
      assertThat(demo.output())
          .contains("Cannot serve /metrics on port " + taken.getLocalPort())
          .contains("--metrics-port 0 picks a free port")
          .doesNotContain("Starting an in-process Kubernetes API");
    }
  }
}
