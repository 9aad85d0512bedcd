package com.northflank.operator.deploy;

import static com.northflank.operator.deploy.Kustomize.find;
import static com.northflank.operator.deploy.Kustomize.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/helm/northflank-job-operator, rendered and linted by the real Helm engine (helm-java
 * bundles it). With its default values the chart is the same operator as deploy/; its options
 * change what they say and nothing else.
 */
class HelmChartTest {

  private static final Path CHART = Path.of("deploy/helm/northflank-job-operator");
  private static final String RELEASE = "northflank-job-operator";
  private static final String NAMESPACE = "northflank-system";

  private static List<JsonNode> deploy;

  @BeforeAll
  static void renderDeploy() throws Exception {
    Kustomize.requireKubectl();
    deploy = Kustomize.render("deploy");
  }

  @Test
  void theChartLintsCleanly() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void theDefaultValuesGrantTheSameRbacAsDeploy() throws Exception {
    List<JsonNode> chart = render(Map.of());

    assertThat(rules(ofKind(chart, "ClusterRole")))
        .isNotEmpty()
        .isEqualTo(rules(ofKind(deploy, "ClusterRole")));
    // the lease Role, resourceNames included, in the release namespace as in deploy/
    assertThat(ofKind(chart, "Role"))
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role.path("rules"))
                  .isEqualTo(ofKind(deploy, "Role").get(0).path("rules"));
              assertThat(Kustomize.namespace(role)).isEqualTo(NAMESPACE);
            });
    assertThat(ofKind(deploy, "Role")).hasSize(1);
    JsonNode binding = ofKind(chart, "ClusterRoleBinding").get(0);
    assertThat(binding.at("/roleRef/name").asText())
        .isEqualTo(ofKind(chart, "ClusterRole").get(0).at("/metadata/name").asText());
    assertThat(binding.at("/subjects/0/name").asText())
        .isEqualTo(
            find(chart, "Deployment", RELEASE)
                .orElseThrow()
                .at("/spec/template/spec/serviceAccountName")
                .asText());
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
  }

  @Test
  void theDefaultValuesRunTheSamePodAsDeploy() throws Exception {
    List<JsonNode> chart = render(Map.of());
    JsonNode ours = find(chart, "Deployment", RELEASE).orElseThrow();
    JsonNode theirs = find(deploy, "Deployment", RELEASE).orElseThrow();

    assertThat(ours.at("/spec/template/spec")).isEqualTo(theirs.at("/spec/template/spec"));
    assertThat(ours.at("/spec/replicas")).isEqualTo(theirs.at("/spec/replicas"));
    assertThat(ours.at("/metadata/labels/app.kubernetes.io~1version").asText())
        .isEqualTo(Project.version());
    for (String kind : List.of("Service", "PodDisruptionBudget", "NetworkPolicy")) {
      JsonNode mine = ofKind(chart, kind).get(0);
      JsonNode base = ofKind(deploy, kind).get(0);
      assertThat(without(mine.path("spec"), "selector", "podSelector"))
          .as(kind)
          .isEqualTo(without(base.path("spec"), "selector", "podSelector"));
    }
    assertThat(chart)
        .extracting(Kustomize::kind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "NetworkPolicy");
  }

  @Test
  void webhooksAreOffByDefault() throws Exception {
    List<JsonNode> chart = render(Map.of());
    JsonNode container =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");

    assertThat(container.path("env"))
        .extracting(e -> e.path("name").asText())
        .doesNotContain("WEBHOOK_PORT", "WEBHOOK_TOKEN_FILE");
    assertThat(find(chart, "Service", RELEASE + "-webhook")).isEmpty();
    assertThat(ofKind(chart, "Ingress")).isEmpty();
  }

  @Test
  void webhookEnabledRunsTheSamePodServiceAndPolicyAsTheWebhookComponent() throws Exception {
    List<JsonNode> chart =
        render(
            Map.of(
                "webhook.enabled", "true",
                "webhook.ingress.enabled", "true",
                "webhook.ingress.className", "nginx",
                "webhook.ingress.host", "northflank-webhooks.example.com"));
    List<JsonNode> example = Kustomize.render("examples/webhook");

    assertThat(find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec"))
        .isEqualTo(find(example, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec"));
    JsonNode service = find(chart, "Service", RELEASE + "-webhook").orElseThrow();
    assertThat(without(service.path("spec"), "selector"))
        .isEqualTo(
            without(
                find(example, "Service", RELEASE + "-webhook").orElseThrow().path("spec"),
                "selector"));
    assertThat(without(ofKind(chart, "NetworkPolicy").get(0).path("spec"), "podSelector"))
        .isEqualTo(without(ofKind(example, "NetworkPolicy").get(0).path("spec"), "podSelector"));
    JsonNode ingress = ofKind(chart, "Ingress").get(0);
    assertThat(ingress.at("/spec/rules/0/host").asText())
        .isEqualTo("northflank-webhooks.example.com");
    assertThat(ingress.at("/spec/rules/0/http/paths"))
        .singleElement()
        .satisfies(
            path -> {
              assertThat(path.path("path").asText()).isEqualTo("/webhooks/northflank");
              assertThat(path.path("pathType").asText()).isEqualTo("Exact");
              assertThat(path.at("/backend/service/name").asText())
                  .isEqualTo(RELEASE + "-webhook");
              assertThat(path.at("/backend/service/port/name").asText())
                  .isEqualTo("http-webhook");
            });
  }

  @Test
  void theWebhookPortIsNeverTheMetricsPort() throws Exception {
    List<JsonNode> chart = render(Map.of("webhook.enabled", "true", "webhook.port", "9443"));
    JsonNode container =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");

    assertThat(env(container, "WEBHOOK_PORT")).isEqualTo("9443");
    assertThatThrownBy(() -> render(Map.of("webhook.enabled", "true", "webhook.port", "8080")))
        .hasMessageContaining("webhook.port must not be metrics.port");
    assertThat(container.path("ports"))
        .extracting(p -> p.path("name").asText() + ":" + p.path("containerPort").asInt())
        .containsExactlyInAnyOrder("http-metrics:8080", "http-webhook:9443");
  }

  @Test
  void selectorsPickTheOperatorPods() throws Exception {
    List<JsonNode> chart = render(Map.of());
    JsonNode podLabels =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/metadata/labels");

    for (JsonNode selector :
        List.of(
            find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/selector/matchLabels"),
            ofKind(chart, "Service").get(0).at("/spec/selector"),
            ofKind(chart, "PodDisruptionBudget").get(0).at("/spec/selector/matchLabels"),
            ofKind(chart, "NetworkPolicy").get(0).at("/spec/podSelector/matchLabels"))) {
      assertThat(selector.properties())
          .isNotEmpty()
          .allSatisfy(l -> assertThat(podLabels.path(l.getKey())).isEqualTo(l.getValue()));
    }
  }

  @Test
  void watchedNamespacesGetRolesAndNoClusterWideGrant() throws Exception {
    List<JsonNode> chart =
        render(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
    JsonNode container =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");
    List<JsonNode> namespacedDeploy = Kustomize.render("deploy/namespaced");

    assertThat(ofKind(chart, "ClusterRole")).isEmpty();
    assertThat(ofKind(chart, "ClusterRoleBinding")).isEmpty();
    assertThat(env(container, "WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
    for (String watched : List.of("team-a", "team-b")) {
      assertThat(rules(inNamespace(ofKind(chart, "Role"), watched)))
          .isEqualTo(rules(inNamespace(ofKind(namespacedDeploy, "Role"), "northflank-jobs")));
      assertThat(inNamespace(ofKind(chart, "RoleBinding"), watched)).hasSize(1);
    }
    assertThat(rules(inNamespace(ofKind(chart, "Role"), NAMESPACE)))
        .isEqualTo(rules(inNamespace(ofKind(namespacedDeploy, "Role"), NAMESPACE)));
  }

  @Test
  void theOperatorWideTokenServesNoNamespaceUnlessTheValuesGrantIt() throws Exception {
    JsonNode safe =
        find(render(Map.of()), "Deployment", RELEASE)
            .orElseThrow()
            .at("/spec/template/spec/containers/0");
    JsonNode granted =
        find(
                render(
                    Map.of(
                        "defaultToken.namespaces[0]", "team-a",
                        "defaultToken.namespaces[1]", "team-b",
                        "defaultToken.writes", "true")),
                "Deployment",
                RELEASE)
            .orElseThrow()
            .at("/spec/template/spec/containers/0");

    assertThat(env(safe, "DEFAULT_TOKEN_NAMESPACES")).isEmpty();
    assertThat(env(safe, "DEFAULT_TOKEN_WRITES")).isEqualTo("false");
    assertThat(env(granted, "DEFAULT_TOKEN_NAMESPACES")).isEqualTo("team-a,team-b");
    assertThat(env(granted, "DEFAULT_TOKEN_WRITES")).isEqualTo("true");
  }

  @Test
  void withoutLeaderElectionNoLeaseIsGranted() throws Exception {
    List<JsonNode> chart = render(Map.of("leaderElection.enabled", "false"));
    JsonNode container =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");

    assertThat(env(container, "LEADER_ELECTION")).isEqualTo("false");
    assertThat(rules(ofKind(chart, "ClusterRole")))
        .noneMatch(rule -> rule.contains("leases") || rule.contains("selfsubjectrulesreviews"));
    assertThat(ofKind(chart, "Role")).isEmpty();
    assertThat(
            ofKind(
                render(Map.of("leaderElection.enabled", "false", "watchNamespaces[0]", "team-a")),
                "Role"))
        .singleElement()
        .satisfies(role -> assertThat(rules(List.of(role))).noneMatch(r -> r.contains("leases")));
    assertThatThrownBy(() -> render(Map.of("leaderElection.enabled", "false", "replicaCount", "2")))
        .hasMessageContaining("needs leaderElection.enabled");
  }

  @Test
  void theLeaseRoleNamesTheLeaseTheOperatorUsesInTheReleaseNamespaceOnly() throws Exception {
    for (Map<String, String> values :
        List.of(
            Map.of("leaderElection.leaseName", "team-a-operator"),
            Map.of("leaderElection.leaseName", "team-a-operator", "watchNamespaces[0]", "team-a"))) {
      List<JsonNode> chart = render(values);
      JsonNode container =
          find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");

      assertThat(env(container, "LEASE_NAME")).isEqualTo("team-a-operator");
      assertThat(rules(ofKind(chart, "ClusterRole"))).noneMatch(r -> r.contains("leases"));
      List<JsonNode> leaseRoles =
          ofKind(chart, "Role").stream()
              .filter(r -> r.path("rules").toString().contains("leases"))
              .toList();
      assertThat(leaseRoles).hasSize(1);
      JsonNode leaseRole = leaseRoles.get(0);
      assertThat(Kustomize.namespace(leaseRole)).isEqualTo(NAMESPACE);
      // get/update/patch for the one Lease; create cannot be limited by name
      assertThat(leaseRole.path("rules"))
          .allSatisfy(
              rule ->
                  assertThat(
                          rule.has("resourceNames")
                              ? rule.path("resourceNames").toString()
                              : rule.path("verbs").toString())
                      .isIn("[\"team-a-operator\"]", "[\"create\"]"));
      assertThat(rules(List.of(leaseRole)))
          .containsExactlyInAnyOrder(
              "coordination.k8s.io/leases:get",
              "coordination.k8s.io/leases:create",
              "coordination.k8s.io/leases:update",
              "coordination.k8s.io/leases:patch");
    }
  }

  @Test
  void whoMayScrapeTheMetricsPortComesFromValues(@TempDir Path values) throws Exception {
    JsonNode byDefault = ofKind(render(Map.of()), "NetworkPolicy").get(0);
    assertThat(byDefault.at("/spec/ingress"))
        .isEqualTo(ofKind(deploy, "NetworkPolicy").get(0).at("/spec/ingress"));
    assertThat(byDefault.at("/spec/ingress/0/from")).isNotEmpty();

    Path prometheusOnly = values.resolve("prometheus-only.yaml");
    Files.writeString(
        prometheusOnly,
        """
        networkPolicy:
          metricsFrom:
          - namespaceSelector:
              matchLabels:
                kubernetes.io/metadata.name: observability
            podSelector:
              matchLabels:
                app.kubernetes.io/name: prometheus
        """);
    JsonNode custom = ofKind(render(prometheusOnly), "NetworkPolicy").get(0);
    assertThat(custom.at("/spec/ingress"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.at("/ports/0/port").asText()).isEqualTo("http-metrics");
              assertThat(rule.path("from"))
                  .isEqualTo(
                      Kustomize.YAML.readTree(Files.readString(prometheusOnly))
                          .at("/networkPolicy/metricsFrom"));
            });

    // nobody: Ingress stays isolated with no rule at all (the kubelet's probes still pass)
    Path nobody = values.resolve("nobody.yaml");
    Files.writeString(nobody, "networkPolicy:\n  metricsFrom: []\n");
    JsonNode closed = ofKind(render(nobody), "NetworkPolicy").get(0);
    assertThat(closed.at("/spec/policyTypes").toString()).contains("Ingress");
    assertThat(closed.at("/spec/ingress")).isEmpty();
    assertThat(closed.at("/spec/egress")).isEqualTo(byDefault.at("/spec/egress"));
  }

  @Test
  void theImageTagResourcesAndEnvironmentComeFromValues() throws Exception {
    List<JsonNode> chart =
        render(
            Map.of(
                "image.repository", "registry.example.com/nfjo",
                "image.tag", "9.9.9",
                "resources.limits.memory", "1Gi",
                "env.SYNC_INTERVAL", "10m"));
    JsonNode container =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");

    assertThat(container.path("image").asText()).isEqualTo("registry.example.com/nfjo:9.9.9");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(env(container, "SYNC_INTERVAL")).isEqualTo("10m");
    assertThat(
            find(render(Map.of("image.digest", "sha256:" + "a".repeat(64))), "Deployment", RELEASE)
                .orElseThrow()
                .at("/spec/template/spec/containers/0/image")
                .asText())
        .endsWith("@sha256:" + "a".repeat(64));
  }

  @Test
  void theMetricsPortIsTheServicesAndItsScrapeAnnotationsPort() throws Exception {
    JsonNode byDefault = ofKind(render(Map.of()), "Service").get(0);
    List<JsonNode> chart = render(Map.of("metrics.port", "9102"));
    JsonNode service = ofKind(chart, "Service").get(0);
    JsonNode container =
        find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec/containers/0");

    assertThat(byDefault.at("/metadata/annotations/prometheus.io~1port").asText())
        .isEqualTo("8080");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(9102);
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9102);
    assertThat(service.at("/metadata/annotations/prometheus.io~1port").asText())
        .isEqualTo("9102");
    assertThat(service.at("/metadata/annotations/prometheus.io~1scrape").asText())
        .isEqualTo("true");
    assertThat(
            ofKind(render(Map.of("metrics.service.annotations", "null")), "Service")
                .get(0)
                .path("metadata")
                .has("annotations"))
        .as("without annotation-based scraping, no scrape annotation at all")
        .isFalse();
  }

  @Test
  void anImageDigestThatIsNotASha256DigestIsRefused() {
    for (String digest :
        List.of("latest", "sha256:abc", "sha256:" + "A".repeat(64), "sha512:" + "a".repeat(64))) {
      assertThatThrownBy(() -> render(Map.of("image.digest", digest)))
          .as(digest)
          .hasMessageContaining("image.digest")
          .hasMessageContaining("pattern");
    }
  }

  @Test
  void aTokenValueBecomesTheMountedSecretAndNeverAnEnvironmentVariable() throws Exception {
    String canary = "nf-canary-token-in-values";
    List<JsonNode> chart = render(Map.of("token.value", canary));
    JsonNode pod = find(chart, "Deployment", RELEASE).orElseThrow().at("/spec/template/spec");
    JsonNode secret = ofKind(chart, "Secret").get(0);

    assertThat(secret.at("/stringData/token").asText()).isEqualTo(canary);
    assertThat(pod.toString()).doesNotContain(canary);
    assertThat(pod.path("volumes"))
        .anySatisfy(
            v ->
                assertThat(v.at("/secret/secretName").asText())
                    .isEqualTo(secret.at("/metadata/name").asText()));
    assertThat(ofKind(render(Map.of()), "Secret")).isEmpty();
  }

  @Test
  void theServiceMonitorAndThePrometheusRuleAreTheOnesOfDeployMonitoring() throws Exception {
    List<JsonNode> chart =
        render(Map.of("serviceMonitor.enabled", "true", "prometheusRule.enabled", "true"));
    List<JsonNode> monitoring = Kustomize.render("deploy/monitoring");
    JsonNode service = ofKind(chart, "Service").get(0);
    JsonNode monitor = ofKind(chart, "ServiceMonitor").get(0);

    assertThat(ofKind(chart, "PrometheusRule").get(0).path("spec"))
        .isEqualTo(ofKind(monitoring, "PrometheusRule").get(0).path("spec"));
    assertThat(without(monitor.path("spec"), "selector"))
        .isEqualTo(without(ofKind(monitoring, "ServiceMonitor").get(0).path("spec"), "selector"));
    assertThat(monitor.at("/spec/selector/matchLabels").properties())
        .allSatisfy(
            l ->
                assertThat(service.at("/metadata/labels").path(l.getKey()))
                    .isEqualTo(l.getValue()));
    assertThat(ofKind(render(Map.of()), "ServiceMonitor")).isEmpty();
  }

  @Test
  void theChartCarriesTheGeneratedCrdAndThePomsVersion() throws IOException {
    JsonNode chart = Kustomize.YAML.readTree(CHART.resolve("Chart.yaml").toFile());
    JsonNode values = Kustomize.YAML.readTree(CHART.resolve("values.yaml").toFile());

    assertThat(CHART.resolve("crds/northflankjobs.northflank.com-v1.yml"))
        .as("the chart's CRD is crds/'s: run deploy/release/render.sh")
        .hasSameTextualContentAs(Path.of("crds/northflankjobs.northflank.com-v1.yml"));
    assertThat(chart.path("version").asText()).isEqualTo(Project.version());
    assertThat(chart.path("appVersion").asText()).isEqualTo(Project.version());
    assertThat(values.at("/image/repository").asText()).isEqualTo(Project.property("image.name"));
  }

  // ---- helpers ----

  private static List<JsonNode> render(Map<String, String> values) throws IOException {
    TemplateCommand template =
        new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    values.forEach(template::set);
    return Kustomize.documents(template.call());
  }

  private static List<JsonNode> render(Path valuesFile) throws IOException {
    return Kustomize.documents(
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withValuesFile(valuesFile)
            .call());
  }

  /** A copy of an object without the given fields (selectors, whose labels differ by design). */
  private static JsonNode without(JsonNode object, String... fields) {
    ObjectNode copy = object.deepCopy();
    copy.remove(List.of(fields));
    return copy;
  }

  private static List<JsonNode> inNamespace(List<JsonNode> resources, String namespace) {
    return resources.stream().filter(r -> Kustomize.namespace(r).equals(namespace)).toList();
  }

  /** "group/resource:verb" for every rule of the roles. */
  private static Set<String> rules(List<JsonNode> roles) {
    Set<String> rules = new HashSet<>();
    for (JsonNode role : roles) {
      for (JsonNode rule : role.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              rules.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
            }
          }
        }
      }
    }
    return rules;
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asText().equals(name)) {
        return env.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }
}
