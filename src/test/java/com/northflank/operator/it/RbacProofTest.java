package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.playground.kubernetes.RecordingDispatcher.Call;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.reconciler.NorthflankOperator;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven: every (verb, resource) the running operator sends to the API server
 * during a full scenario is recorded, and deploy/cluster-role.yaml must grant exactly that set.
 */
class RbacProofTest {

  private static final String OPERATOR_AGENT = "northflank-job-operator/rbac-proof";
  private static final Pattern CORE =
      Pattern.compile("^/api/v1(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?");
  private static final Pattern GROUP =
      Pattern.compile(
          "^/apis/([^/]+)/[^/]+(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?");

  @Test
  void theClusterRoleGrantsExactlyWhatTheOperatorUses() throws Exception {
    Set<String> used = new TreeSet<>();
    Set<String> secretQueries = new TreeSet<>();
    try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        NorthflankSimulator northflank =
            NorthflankSimulator.start(
                SimulatorOptions.builder().seedJobs(true).token(CANARY).build())) {
      kubernetes.installCrd();
      LeaseSupport.allowLeases(kubernetes);
      KubernetesClient operatorClient =
          kubernetes
              .server()
              .createClient(
                  b ->
                      b.withConfig(
                          new io.fabric8.kubernetes.client.ConfigBuilder(
                                  kubernetes.client().getConfiguration())
                              .withUserAgent(OPERATOR_AGENT)
                              .build()));
      KubernetesClient test = kubernetes.client();
      try (NorthflankOperator operator = operator(operatorClient, northflank)) {
        operator.start();
        await()
            .atMost(OperatorHarness.TIMEOUT)
            .until(() -> "rbac-proof".equals(LeaseSupport.holder(test, "nf-rbac")));

        // create
        test.secrets().inNamespace("it-rbac").resource(secret(CANARY)).create();
        test.resource(OperatorHarness.sample("it-rbac", "example", "example-job")).create();
        awaitCondition(test, "Ready", "True");
        // drift, with its Event
        northflank.updateJob(
            PROJECT,
            "example-job",
            j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
        awaitCondition(test, "Drifted", "True");
        // secret rotation: the new token is refused, then a good one restores the read
        test.secrets().inNamespace("it-rbac").resource(secret("rotated-but-wrong")).update();
        awaitCondition(test, "Synced", "False");
        test.secrets().inNamespace("it-rbac").resource(secret(CANARY)).update();
        awaitCondition(test, "Synced", "True");
        // delete
        test.resources(NorthflankJob.class).inNamespace("it-rbac").withName("example").delete();
        await()
            .atMost(OperatorHarness.TIMEOUT)
            .until(
                () ->
                    test.resources(NorthflankJob.class)
                            .inNamespace("it-rbac")
                            .withName("example")
                            .get()
                        == null);
      }
      for (Call call : kubernetes.requests().calls()) {
        if (OPERATOR_AGENT.equals(call.userAgent())) {
          used.add(permission(call));
          if (call.path().contains("/secrets")) {
            secretQueries.add(URLDecoder.decode(call.path(), StandardCharsets.UTF_8));
          }
        }
      }
    }

    // JOSDK's start-up check demands update on leases although fabric8's lock only patches them
    used.addAll(REQUIRED_UNUSED);
    assertThat(used).isEqualTo(granted(Path.of("deploy/cluster-role.yaml")));
    // list/watch on secrets is granted, but only token Secrets are ever asked for
    assertThat(secretQueries)
        .isNotEmpty()
        .allSatisfy(
            query -> assertThat(query).contains("labelSelector=northflank.com/credentials=true"));
  }

  /** Granted because a library checks for it before starting, not because a request uses it. */
  private static final Set<String> REQUIRED_UNUSED = Set.of("coordination.k8s.io/leases:update");

  /** "group/resource[/subresource]:verb", as RBAC sees the request. */
  static String permission(Call call) {
    String path = call.path();
    String group;
    String resource;
    String name;
    String subresource;
    Matcher core = CORE.matcher(path);
    Matcher grouped = GROUP.matcher(path);
    if (core.find()) {
      group = "";
      resource = core.group(1);
      name = core.group(2);
      subresource = core.group(3);
    } else if (grouped.find()) {
      group = grouped.group(1);
      resource = grouped.group(2);
      name = grouped.group(3);
      subresource = grouped.group(4);
    } else {
      return "non-resource:" + path;
    }
    String verb =
        switch (call.method()) {
          case "GET" -> path.contains("watch=true") ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> call.method().toLowerCase();
        };
    return group + "/" + resource + (subresource == null ? "" : "/" + subresource) + ":" + verb;
  }

  static Set<String> granted(Path clusterRole) throws Exception {
    ClusterRole role = Serialization.unmarshal(Files.readString(clusterRole), ClusterRole.class);
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getVerbs()).doesNotContain("*");
      assertThat(rule.getResources()).doesNotContain("*");
      assertThat(rule.getApiGroups()).doesNotContain("*");
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return granted;
  }

  private static NorthflankOperator operator(
      KubernetesClient client, NorthflankSimulator northflank) {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                OperatorSettings.API_URL.variable(), northflank.baseUrl().toString(),
                OperatorSettings.SYNC_INTERVAL.variable(), "1s",
                OperatorSettings.MIN_SYNC_INTERVAL.variable(), "1s",
                OperatorSettings.API_BUDGET.variable(), "100000/1h"));
    return NorthflankOperator.builder(config, client)
        .leaderElection(LeaseSupport.fast("nf-rbac", "rbac-proof"))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("northflank-api")
        .withNamespace("it-rbac")
        .addToLabels("northflank.com/credentials", "true")
        .endMetadata()
        .addToStringData("token", token)
        .build();
  }

  private static void awaitCondition(KubernetesClient client, String type, String status) {
    LeaseSupport.awaitCondition(client, "it-rbac", "example", type, status);
  }
}
