package com.northflank.operator.deploy;

import static com.northflank.operator.deploy.Kustomize.find;
import static com.northflank.operator.deploy.Kustomize.kind;
import static com.northflank.operator.deploy.Kustomize.namespace;
import static com.northflank.operator.deploy.Kustomize.ofKind;
import static com.northflank.operator.deploy.Kustomize.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders deploy/ and deploy/namespaced/ with the real kubectl (kustomize) and checks what would be
 * applied. Skipped when kubectl is not on PATH.
 */
class KustomizeRenderTest {

  private static final String OPERATOR_NAMESPACE = "northflank-system";
  private static final String NAME = "northflank-job-operator";
  private static final String IMAGE = "ghcr.io/northflank-job-operator/northflank-job-operator";
  private static final Path COMMITTED_CRD = Path.of("crds/northflankjobs.northflank.com-v1.yml");

  /**
   * Rules that a Role cannot grant, because the resource is cluster-scoped; the namespaced variant
   * relies on Kubernetes' default system:basic-user binding for them instead.
   */
  private static final Set<String> CLUSTER_SCOPED_RULES =
      Set.of("authorization.k8s.io/selfsubjectrulesreviews:create");

  private static final YAMLMapper YAML = Kustomize.YAML;

  @BeforeAll
  static void findKubectl() {
    Kustomize.requireKubectl();
  }

  // ---- deploy/ ----

  @Test
  void theBaseRendersEverythingTheOperatorNeeds() throws Exception {
    List<JsonNode> base = render("deploy");

    assertThat(find(base, "Namespace", OPERATOR_NAMESPACE)).isPresent();
    assertThat(find(base, "CustomResourceDefinition", "northflankjobs.northflank.com")).isPresent();
    assertThat(find(base, "ServiceAccount", NAME)).isPresent();
    assertThat(find(base, "ClusterRole", NAME)).isPresent();
    assertThat(find(base, "ClusterRoleBinding", NAME)).isPresent();
    assertThat(find(base, "Deployment", NAME)).isPresent();
    assertThat(find(base, "Service", NAME + "-metrics")).isPresent();
    assertThat(find(base, "PodDisruptionBudget", NAME)).isPresent();
    assertThat(find(base, "NetworkPolicy", NAME)).isPresent();
    assertThat(base)
        .filteredOn(r -> r.path("metadata").has("namespace"))
        .allSatisfy(r -> assertThat(namespace(r)).isEqualTo(OPERATOR_NAMESPACE));
  }

  @Test
  void theBaseClusterRoleHasNoWildcardAndIsBoundToTheServiceAccount() throws Exception {
    List<JsonNode> base = render("deploy");
    JsonNode role = find(base, "ClusterRole", NAME).orElseThrow();
    JsonNode binding = find(base, "ClusterRoleBinding", NAME).orElseThrow();

    assertThat(role.path("rules")).isNotEmpty();
    for (JsonNode rule : role.path("rules")) {
      for (String field :
          List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
        rule.path(field).forEach(value -> assertThat(value.asText()).as(field).doesNotContain("*"));
      }
    }
    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(NAME);
    assertThat(binding.path("subjects"))
        .singleElement()
        .satisfies(subject -> assertOperatorServiceAccount(subject));
  }

  @Test
  void theCrdIsTheGeneratedOneUntouched() throws Exception {
    JsonNode rendered =
        find(render("deploy"), "CustomResourceDefinition", "northflankjobs.northflank.com")
            .orElseThrow();
    JsonNode committed = YAML.readTree(Files.readString(COMMITTED_CRD));

    // kustomize writes 65536.0 as 65536: compare numbers by value, everything else exactly
    Comparator<JsonNode> numbersByValue =
        (a, b) ->
            a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1;
    assertThat(rendered.path("spec").equals(numbersByValue, committed.path("spec")))
        .as("rendered CRD spec equals %s", COMMITTED_CRD)
        .isTrue();
  }

  @Test
  void theDeploymentRunsTheOperatorLockedDown() throws Exception {
    List<JsonNode> base = render("deploy");
    JsonNode deployment = find(base, "Deployment", NAME).orElseThrow();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo(NAME);
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    assertThat(container.path("image").asText()).isEqualTo(IMAGE + ":0.1.0");
    assertThat(container.path("args")).containsExactly(YAML.getNodeFactory().textNode("run"));

    assertThat(env(container, "LEADER_ELECTION").path("value").asText()).isEqualTo("true");
    assertThat(env(container, "LEASE_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.namespace");
    // the operator-wide token serves no namespace and writes nothing until the user says so
    assertThat(env(container, "DEFAULT_TOKEN_NAMESPACES").path("value").asText()).isEmpty();
    assertThat(env(container, "DEFAULT_TOKEN_WRITES").path("value").asText()).isEqualTo("false");
    String tokenFile = env(container, "NORTHFLANK_API_TOKEN_FILE").path("value").asText();
    JsonNode mount =
        java.util.stream.StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
            .filter(m -> tokenFile.startsWith(m.path("mountPath").asText() + "/"))
            .findFirst()
            .orElseThrow();
    JsonNode secretVolume =
        java.util.stream.StreamSupport.stream(pod.path("volumes").spliterator(), false)
            .filter(v -> v.path("name").asText().equals(mount.path("name").asText()))
            .findFirst()
            .orElseThrow()
            .path("secret");
    assertThat(secretVolume.path("secretName").asText()).isEqualTo("northflank-api");
    assertThat(secretVolume.path("optional").asBoolean()).isTrue();
    assertThat(tokenFile).endsWith("/" + secretVolume.at("/items/0/path").asText());
    assertThat(secretVolume.at("/items/0/key").asText()).isEqualTo("token");
    // the image's entrypoint sizes the JVM (ImageIT); the Deployment neither overrides it nor
    // adds JVM flags of its own
    assertThat(container.has("command")).isFalse();
    assertThat(container.path("env"))
        .noneSatisfy(e -> assertThat(e.path("name").asText()).isEqualTo("JAVA_TOOL_OPTIONS"));

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode security = container.path("securityContext");
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.at("/capabilities/drop"))
        .containsExactly(YAML.getNodeFactory().textNode("ALL"));
    assertThat(container.path("volumeMounts"))
        .anySatisfy(m -> assertThat(m.path("mountPath").asText()).isEqualTo("/tmp"));
    assertThat(pod.path("volumes")).anySatisfy(v -> assertThat(v.has("emptyDir")).isTrue());
    assertThat(container.at("/resources/requests/memory").asText()).isNotBlank();
    assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();

    assertThat(container.path("ports"))
        .anySatisfy(
            p -> {
              assertThat(p.path("name").asText()).isEqualTo("http-metrics");
              assertThat(p.path("containerPort").asInt()).isEqualTo(8080);
            });
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http-metrics");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http-metrics");
  }

  @Test
  void theMetricsServiceSelectsTheOperatorPodsAndIsScraped() throws Exception {
    List<JsonNode> base = render("deploy");
    JsonNode service = find(base, "Service", NAME + "-metrics").orElseThrow();
    JsonNode podLabels =
        find(base, "Deployment", NAME).orElseThrow().at("/spec/template/metadata/labels");

    assertThat(service.at("/spec/selector").properties())
        .isNotEmpty()
        .allSatisfy(
            label -> assertThat(podLabels.path(label.getKey())).isEqualTo(label.getValue()));
    assertThat(service.at("/spec/ports"))
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.path("name").asText()).isEqualTo("http-metrics");
              assertThat(port.path("port").asInt()).isEqualTo(8080);
              assertThat(port.path("targetPort").asText()).isEqualTo("http-metrics");
            });
    JsonNode annotations = service.at("/metadata/annotations");
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("8080");
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void theExampleOverlayReplacesTheImage() throws Exception {
    JsonNode deployment =
        find(render("examples/private-registry"), "Deployment", NAME).orElseThrow();

    assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo("registry.example.com/platform/northflank-job-operator:0.1.0");
  }

  @Test
  void theDisruptionBudgetAndTheNetworkPolicyCoverTheOperatorPods() throws Exception {
    List<JsonNode> base = render("deploy");
    JsonNode podLabels =
        find(base, "Deployment", NAME).orElseThrow().at("/spec/template/metadata/labels");
    JsonNode budget = find(base, "PodDisruptionBudget", NAME).orElseThrow();
    JsonNode policy = find(base, "NetworkPolicy", NAME).orElseThrow();

    for (JsonNode selector :
        List.of(
            budget.at("/spec/selector/matchLabels"), policy.at("/spec/podSelector/matchLabels"))) {
      assertThat(selector.properties())
          .isNotEmpty()
          .allSatisfy(l -> assertThat(podLabels.path(l.getKey())).isEqualTo(l.getValue()));
    }
    // one replica must stay evictable, or every node drain would block on it
    assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
  }

  @Test
  void theNetworkPolicyAllowsOnlyDnsHttpsOutAndMetricsIn() throws Exception {
    JsonNode policy = find(render("deploy"), "NetworkPolicy", NAME).orElseThrow();

    assertThat(policy.at("/spec/policyTypes")).hasSize(2);
    Set<String> egress = new HashSet<>();
    for (JsonNode rule : policy.at("/spec/egress")) {
      assertThat(rule.has("ports")).as("every egress rule names its ports").isTrue();
      rule.path("ports")
          .forEach(p -> egress.add(p.path("protocol").asText() + "/" + p.path("port").asText()));
    }
    assertThat(egress).containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/6443");
    assertThat(policy.at("/spec/ingress"))
        .singleElement()
        .satisfies(rule -> assertThat(rule.at("/ports/0/port").asText()).isEqualTo("http-metrics"));
  }

  @Test
  void onlyPodsOfTheMonitoringNamespaceMayReachTheMetricsPort() throws Exception {
    for (String dir : List.of("deploy", "deploy/namespaced")) {
      JsonNode policy = find(render(dir), "NetworkPolicy", NAME).orElseThrow();

      // an ingress rule without `from` would admit every pod and address
      assertThat(policy.at("/spec/ingress"))
          .as(dir)
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.at("/ports/0/port").asText()).isEqualTo("http-metrics");
                assertThat(rule.path("from"))
                    .singleElement()
                    .isEqualTo(
                        YAML.readTree(
                            "namespaceSelector: {matchLabels:"
                                + " {kubernetes.io/metadata.name: monitoring}}"));
              });
    }
  }

  @Test
  void theWebhookComponentOpensItsOwnPortToTheIngressControllerOnly() throws Exception {
    List<JsonNode> rendered = render("examples/webhook");
    JsonNode deployment = find(rendered, "Deployment", NAME).orElseThrow();
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    JsonNode service = find(rendered, "Service", NAME + "-webhook").orElseThrow();
    JsonNode policy = find(rendered, "NetworkPolicy", NAME).orElseThrow();
    JsonNode ingress = find(rendered, "Ingress", NAME + "-webhook").orElseThrow();

    assertThat(container.path("env"))
        .anySatisfy(
            e -> {
              assertThat(e.path("name").asText()).isEqualTo("WEBHOOK_PORT");
              assertThat(e.path("value").asText()).isEqualTo("8081");
            });
    assertThat(container.path("ports"))
        .extracting(p -> p.path("name").asText() + ":" + p.path("containerPort").asInt())
        .containsExactlyInAnyOrder("http-metrics:8080", "http-webhook:8081");
    assertThat(namespace(service)).isEqualTo(OPERATOR_NAMESPACE);
    assertThat(service.at("/spec/ports"))
        .singleElement()
        .satisfies(p -> assertThat(p.path("targetPort").asText()).isEqualTo("http-webhook"));
    assertThat(service.at("/spec/selector/app.kubernetes.io~1component").asText())
        .isEqualTo("operator");
    // the metrics rule stays as it was; the webhook rule names its peers
    assertThat(policy.at("/spec/ingress")).hasSize(2);
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http-metrics");
    assertThat(policy.at("/spec/ingress/1/ports/0/port").asText()).isEqualTo("http-webhook");
    assertThat(policy.at("/spec/ingress/1/from")).isNotEmpty();
    assertThat(ingress.at("/spec/rules/0/http/paths"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path("path").asText()).isEqualTo("/webhooks/northflank");
              assertThat(p.at("/backend/service/name").asText()).isEqualTo(NAME + "-webhook");
            });
    assertThat(find(render("deploy"), "Service", NAME + "-webhook"))
        .as("off in deploy/")
        .isEmpty();
  }

  @Test
  void theServiceMonitorScrapesTheMetricsServiceWithItsOwnLabels() throws Exception {
    List<JsonNode> monitoring = render("deploy/monitoring");
    JsonNode service = find(render("deploy"), "Service", NAME + "-metrics").orElseThrow();
    JsonNode monitor = find(monitoring, "ServiceMonitor", NAME).orElseThrow();

    assertThat(namespace(monitor)).isEqualTo(OPERATOR_NAMESPACE);
    assertThat(monitor.at("/spec/selector/matchLabels").properties())
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(service.at("/metadata/labels").path(l.getKey()))
                    .isEqualTo(l.getValue()));
    assertThat(monitor.at("/spec/endpoints/0/port").asText())
        .isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(monitor.at("/spec/endpoints/0/honorLabels").asBoolean()).isTrue();
    assertThat(find(monitoring, "PrometheusRule", NAME)).isPresent();
  }

  // ---- deploy/namespaced/ ----

  @Test
  void theNamespacedVariantHasNoClusterWideRbac() throws Exception {
    List<JsonNode> namespaced = render("deploy/namespaced");

    assertThat(namespaced).noneSatisfy(r -> assertThat(kind(r)).isEqualTo("ClusterRole"));
    assertThat(namespaced).noneSatisfy(r -> assertThat(kind(r)).isEqualTo("ClusterRoleBinding"));
    assertThat(find(namespaced, "CustomResourceDefinition", "northflankjobs.northflank.com"))
        .isPresent();
    assertThat(find(namespaced, "Deployment", NAME)).isPresent();
    assertThat(namespaced)
        .filteredOn(r -> kind(r).equals("Role") || kind(r).equals("RoleBinding"))
        .isNotEmpty();
  }

  @Test
  void theNamespacedRolesFollowWatchNamespaces() throws Exception {
    List<JsonNode> namespaced = render("deploy/namespaced");
    JsonNode container =
        find(namespaced, "Deployment", NAME).orElseThrow().at("/spec/template/spec/containers/0");
    String watched = env(container, "WATCH_NAMESPACES").path("value").asText();

    assertThat(watched).isEqualTo("northflank-jobs");
    List<JsonNode> roles = ofKind(namespaced, "Role");
    assertThat(roles)
        .extracting(Kustomize::namespace)
        .containsExactlyInAnyOrder(watched, OPERATOR_NAMESPACE);
    for (JsonNode binding : ofKind(namespaced, "RoleBinding")) {
      assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
      assertThat(find(namespaced, "Role", binding.at("/roleRef/name").asText()))
          .as("Role bound by %s", binding.at("/metadata/name").asText())
          .hasValueSatisfying(role -> assertThat(namespace(role)).isEqualTo(namespace(binding)));
      assertThat(binding.path("subjects"))
          .singleElement()
          .satisfies(subject -> assertOperatorServiceAccount(subject));
    }
    // the lease is where LEASE_NAMESPACE points: the operator's own namespace
    assertThat(rules(roles, OPERATOR_NAMESPACE))
        .containsExactlyInAnyOrder(
            "coordination.k8s.io/leases:get",
            "coordination.k8s.io/leases:create",
            "coordination.k8s.io/leases:update",
            "coordination.k8s.io/leases:patch");
    assertThat(rules(roles, watched)).noneMatch(rule -> rule.contains("leases"));
  }

  @Test
  void theNamespacedRolesGrantWhatTheBaseGrantsNoMore() throws Exception {
    List<JsonNode> base = render("deploy");
    Set<String> clusterWide = rules(List.of(find(base, "ClusterRole", NAME).orElseThrow()), null);
    List<JsonNode> roles = ofKind(render("deploy/namespaced"), "Role");

    Set<String> expected = new HashSet<>(clusterWide);
    expected.removeAll(CLUSTER_SCOPED_RULES);
    expected.addAll(rules(ofKind(base, "Role"), null));
    assertThat(clusterWide).containsAll(CLUSTER_SCOPED_RULES);
    assertThat(rules(roles, null)).containsExactlyInAnyOrderElementsOf(expected);
    roles.forEach(
        role ->
            role.path("rules")
                .forEach(
                    rule ->
                        rule.path("verbs")
                            .forEach(v -> assertThat(v.asText()).doesNotContain("*"))));
  }

  // ---- both ----

  @Test
  void theLeaseIsGrantedInTheOperatorsNamespaceForItsOwnLeaseOnly() throws Exception {
    for (String dir : List.of("deploy", "deploy/namespaced")) {
      List<JsonNode> rendered = render(dir);
      JsonNode container =
          find(rendered, "Deployment", NAME).orElseThrow().at("/spec/template/spec/containers/0");
      String lease = env(container, "LEASE_NAME").path("value").asText();

      assertThat(rules(ofKind(rendered, "ClusterRole"), null))
          .as("%s: no cluster-wide lease grant", dir)
          .noneMatch(rule -> rule.contains("leases"));
      List<JsonNode> leaseRules = new ArrayList<>();
      for (JsonNode role : ofKind(rendered, "Role")) {
        for (JsonNode rule : role.path("rules")) {
          if (rule.path("resources").toString().contains("leases")) {
            assertThat(namespace(role))
                .as("%s: namespace of the lease Role", dir)
                .isEqualTo(OPERATOR_NAMESPACE);
            leaseRules.add(rule);
          }
        }
      }
      // get/update/patch name the operator's Lease; create cannot be limited by name
      assertThat(leaseRules)
          .as(dir)
          .allSatisfy(
              rule -> {
                if (rule.has("resourceNames")) {
                  assertThat(rule.path("resourceNames"))
                      .containsExactly(YAML.getNodeFactory().textNode(lease));
                } else {
                  assertThat(rule.path("verbs"))
                      .containsExactly(YAML.getNodeFactory().textNode("create"));
                }
              });
      assertThat(rules(ofKind(rendered, "Role"), OPERATOR_NAMESPACE))
          .as(dir)
          .containsExactlyInAnyOrder(
              "coordination.k8s.io/leases:get",
              "coordination.k8s.io/leases:create",
              "coordination.k8s.io/leases:update",
              "coordination.k8s.io/leases:patch");
      // the lease Role is bound to the operator, in its namespace
      JsonNode binding =
          ofKind(rendered, "RoleBinding").stream()
              .filter(b -> namespace(b).equals(OPERATOR_NAMESPACE))
              .findFirst()
              .orElseThrow();
      assertThat(find(rendered, "Role", binding.at("/roleRef/name").asText()))
          .hasValueSatisfying(role -> assertThat(namespace(role)).isEqualTo(OPERATOR_NAMESPACE));
      assertThat(binding.path("subjects"))
          .singleElement()
          .satisfies(subject -> assertOperatorServiceAccount(subject));
    }
  }

  // ---- helpers ----

  private static void assertOperatorServiceAccount(JsonNode subject) {
    assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(subject.path("name").asText()).isEqualTo(NAME);
    assertThat(subject.path("namespace").asText()).isEqualTo(OPERATOR_NAMESPACE);
  }

  /** "group/resource:verb" for every rule of the roles (in the namespace, if given). */
  private static Set<String> rules(List<JsonNode> roles, String namespace) {
    Set<String> rules = new HashSet<>();
    for (JsonNode role : roles) {
      if (namespace != null && !namespace.equals(namespace(role))) {
        continue;
      }
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

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asText().equals(name)) {
        return env;
      }
    }
    throw new AssertionError("no env " + name + " in container " + container.path("name"));
  }
}
