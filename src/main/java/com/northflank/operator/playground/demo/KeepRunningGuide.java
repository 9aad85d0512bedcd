package com.northflank.operator.playground.demo;

import com.northflank.operator.config.DurationParser;
import com.northflank.operator.model.Pause;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code demo --keep-running} prints once it is up: where its two APIs are, and commands to
 * copy: kubectl against the demo's resources, a change to a live job that drifts, the operator
 * run as its own process against the same API, the operator's metrics. Every command names the
 * addresses and the kubeconfig the demo really serves and wrote, so it runs as printed.
 */
final class KeepRunningGuide {

  /** Where the reader's own operator works; the demo's keeps to {@link DemoCommand#NAMESPACE}. */
  static final String OWN_NAMESPACE = "team-a";

  /** The job whose live changes stay flagged: the demo keeps it on driftPolicy Report. */
  static final String REPORTED_JOB = "manual-job";

  private static final String CORRECTED_JOB = "example-job";
  private static final String PROJECT = "default-project";
  private static final String JAR = "target/northflank-job-operator.jar";

  /** How often the reader's own operator reads its job, so that a change shows within seconds. */
  private static final String OWN_SYNC_INTERVAL = "10s";

  private final PrintStream out;
  private final URI kubernetesApi;
  private final Path kubeconfig;
  private final URI northflankApi;
  private final int metricsPort;
  private final Duration runEvery;

  KeepRunningGuide(
      PrintStream out,
      URI kubernetesApi,
      Path kubeconfig,
      URI northflankApi,
      int metricsPort,
      Duration runEvery) {
    this.out = out;
    this.kubernetesApi = kubernetesApi;
    this.kubeconfig = kubeconfig;
    this.northflankApi = northflankApi;
    this.metricsPort = metricsPort;
    this.runEvery = runEvery;
  }

  void print() {
    String kubectl = "  kubectl --kubeconfig " + kubeconfig;
    say("Kubernetes API:   " + kubernetesApi + "  (kubeconfig " + kubeconfig + ")");
    say("Northflank API:   " + northflankApi + "  (token " + DemoCommand.TOKEN + ")");
    say("Look at the resources with the real kubectl:");
    say(kubectl + " get nfjob");
    say(kubectl + " get nfjob -o wide");
    say(kubectl + " get nfjob " + CORRECTED_JOB + " -o yaml");
    say(
        "Change a live job as the Northflank console would, then watch "
            + REPORTED_JOB
            + " drift (driftPolicy: Report, so it stays drifted):");
    say(
        "  curl -X PATCH -H 'Authorization: Bearer "
            + DemoCommand.TOKEN
            + "' -H 'Content-Type: application/json' \\");
    say(
        "    -d '{\"settings\":{\"backoffLimit\":5}}' "
            + northflankApi
            + "/v1/projects/"
            + PROJECT
            + "/jobs/"
            + REPORTED_JOB);
    say(kubectl + " get nfjob -w");
    say(
        CORRECTED_JOB
            + " runs every "
            + DurationParser.format(runEvery)
            + " in the simulator, one run in four failing; watch LAST-RUN and the Events:");
    say(kubectl + " get events -w --field-selector reason=RunFailed");
    say(
        CORRECTED_JOB
            + " corrects drift (driftPolicy: Correct); pause it, and no API call is made:");
    say(kubectl + " annotate nfjob " + CORRECTED_JOB + " " + Pause.ANNOTATION + "=true");
    say(
        "Run the operator yourself, as its own process, on namespace "
            + OWN_NAMESPACE
            + " (the demo's keeps to "
            + DemoCommand.NAMESPACE
            + "); there it corrects "
            + REPORTED_JOB
            + ":");
    say(kubectl + " create namespace " + OWN_NAMESPACE);
    say(kubectl + " apply -n " + OWN_NAMESPACE + " -f deploy/samples/" + REPORTED_JOB + ".yaml");
    say(
        kubectl
            + " patch nfjob "
            + REPORTED_JOB
            + " -n "
            + OWN_NAMESPACE
            + " --type merge -p '{\"spec\":{\"driftPolicy\":\"Correct\"}}'");
    say(
        "  KUBECONFIG="
            + kubeconfig
            + " NORTHFLANK_API_TOKEN="
            + DemoCommand.TOKEN
            + " java -jar "
            + JAR
            + " run \\");
    say(
        "    --namespaces "
            + OWN_NAMESPACE
            + " --api-url "
            + northflankApi
            + " --sync-interval "
            + OWN_SYNC_INTERVAL
            + " --metrics-port "
            + ownMetricsPort()
            + " \\");
    // the operator-wide token serves no namespace, and writes nothing, until granted
    say("    --default-token-namespaces " + OWN_NAMESPACE + " --default-token-writes");
    String metrics = "http://127.0.0.1:" + metricsPort;
    say("The demo operator's metrics and health, as Prometheus and the kubelet see them:");
    say("  curl -s " + metrics + "/metrics | grep '^northflank_'");
    say("  curl " + metrics + "/healthz " + metrics + "/readyz");
  }

  /** 8081, or 8082 when the demo's operator serves there: the two must not collide. */
  private int ownMetricsPort() {
    return metricsPort == 8081 ? 8082 : 8081;
  }

  private void say(String line) {
    out.println(line);
  }
}
