package com.northflank.operator.it;

import static com.northflank.operator.it.OperatorHarness.CANARY;
import static com.northflank.operator.it.OperatorHarness.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.it.RenderedRbac.Request;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import com.northflank.operator.reconciler.NorthflankOperator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Least privilege, proven: the operator runs a full scenario, leader election included, against an
 * API server that enforces exactly the RBAC of a released install manifest (deploy/release/*.yaml,
 * fresh renders of deploy/ by ReleaseTest) and refuses everything else with 403, as Kubernetes
 * would. Nothing it needs is refused, everything granted is used, and its identity cannot touch a
 * Lease other than its own: not in kube-system, not another one in its own namespace.
 */
class RbacProofTest {

  private static final String OPERATOR_AGENT = "northflank-job-operator/rbac-proof";
  private static final String IDENTITY = "rbac-proof";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  private static final String TAKE_OVER = "{\"spec\":{\"holderIdentity\":\"" + IDENTITY + "\"}}";

  /** Granted because a library checks for it before starting, not because a request uses it. */
  private static final String RUNTIME_SECRET = "report-env";
  private static final Set<String> REQUIRED_UNUSED = Set.of("coordination.k8s.io/leases:update");

  @ParameterizedTest
  @ValueSource(strings = {"deploy/release/install.yaml", "deploy/release/install-namespaced.yaml"})
  void theOperatorRunsWithExactlyTheRenderedRbacAndCannotTouchOtherLeases(String manifest)
      throws Exception {
    RenderedRbac rbac = RenderedRbac.of(Path.of(manifest));
    Map<String, String> env = env(rbac);
    String operatorNamespace = rbac.deployment().getMetadata().getNamespace();
    String leaseName =
        env.getOrDefault(OperatorSettings.LEASE_NAME.variable(), "northflank-job-operator");
    String namespace = env.getOrDefault(OperatorSettings.WATCH_NAMESPACES.variable(), "it-rbac");
    Set<String> used = new TreeSet<>();
    Set<String> denied = ConcurrentHashMap.newKeySet();
    Set<String> secretQueries = new TreeSet<>();
    Set<String> namedSecrets = new TreeSet<>();
    try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        NorthflankSimulator northflank =
            NorthflankSimulator.start(
                SimulatorOptions.builder().seedJobs(true).token(CANARY).build())) {
      kubernetes.installCrd();
      kubernetes.requests().setInterceptor(enforcing(rbac, denied));
      KubernetesClient operatorClient =
          kubernetes
              .server()
              .createClient(
                  b ->
                      b.withConfig(
                          new ConfigBuilder(kubernetes.client().getConfiguration())
                              .withUserAgent(OPERATOR_AGENT)
                              .build()));
      KubernetesClient test = kubernetes.client();
      Lease controllerManager =
          test.leases().resource(lease("kube-system", "kube-controller-manager", "kcm")).create();
      Lease neighbour =
          test.leases().resource(lease(operatorNamespace, "another-controller", "other")).create();

      try (NorthflankOperator operator =
          operator(operatorClient, northflank, env, operatorNamespace, leaseName)) {
        operator.start();
        await()
            .atMost(OperatorHarness.TIMEOUT)
            .until(() -> IDENTITY.equals(holder(test, operatorNamespace, leaseName)));

        // create
        test.secrets().inNamespace(namespace).resource(secret(namespace, CANARY)).create();
        test.resource(OperatorHarness.sample(namespace, "example", "example-job")).create();
        awaitCondition(test, namespace, "Ready", "True");
        // drift, with its Event
        northflank.updateJob(
            PROJECT,
            "example-job",
            j -> j.with("settings").with("cron").put("schedule", "0 * * * *"));
        awaitCondition(test, namespace, "Drifted", "True");
        // secret rotation: the new token is refused, then a good one restores the read
        test.secrets()
            .inNamespace(namespace)
            .resource(secret(namespace, "rotated-but-wrong"))
            .update();
        awaitCondition(test, namespace, "Synced", "False");
        test.secrets().inNamespace(namespace).resource(secret(namespace, CANARY)).update();
        awaitCondition(test, namespace, "Synced", "True");
        // a job created from its resource (its runtime variables read from their Secret), and
        // deleted with it: the finalizer and the create-pending mark are patched on
        test.secrets()
            .inNamespace(namespace)
            .resource(
                new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata()
                    .withName(RUNTIME_SECRET)
                    .withNamespace(namespace)
                    .endMetadata()
                    .addToStringData("GREETING", "hello")
                    .build())
            .create();
        NorthflankJob creating =
            LifecycleIntegrationTest.resource(namespace, "created", "rbac-created", "IfAbsent", "Delete");
        creating.setSpec(
            new com.northflank.operator.model.NorthflankJobSpec(
                    PROJECT,
                    "rbac-created",
                    null,
                    OperatorHarness.sample(namespace, "example", "example-job").getSpec().credentials(),
                    null,
                    creating.getSpec().job())
                .withLifecycle(
                    "IfAbsent",
                    "Delete",
                    new com.northflank.operator.model.JobCreation(
                        creating.getSpec().creation().deployment(),
                        new com.northflank.operator.model.JobCreation.SecretRef(RUNTIME_SECRET))));
        test.resource(creating).create();
        await()
            .atMost(OperatorHarness.TIMEOUT)
            .until(
                () -> {
                  NorthflankJob created =
                      test.resources(NorthflankJob.class)
                          .inNamespace(namespace)
                          .withName("created")
                          .get();
                  return created != null
                      && created.getMetadata().getFinalizers() != null
                      && created.getMetadata().getFinalizers().contains(
                          com.northflank.operator.model.Lifecycle.FINALIZER);
                });
        test.resources(NorthflankJob.class).inNamespace(namespace).withName("created").delete();
        await()
            .atMost(OperatorHarness.TIMEOUT)
            .until(
                () ->
                    test.resources(NorthflankJob.class)
                            .inNamespace(namespace)
                            .withName("created")
                            .get()
                        == null);
        assertThat(northflank.job(PROJECT, "rbac-created")).isEmpty();
        // delete
        test.resources(NorthflankJob.class).inNamespace(namespace).withName("example").delete();
        await()
            .atMost(OperatorHarness.TIMEOUT)
            .until(
                () ->
                    test.resources(NorthflankJob.class)
                            .inNamespace(namespace)
                            .withName("example")
                            .get()
                        == null);
        assertThat(holder(test, operatorNamespace, leaseName)).isEqualTo(IDENTITY);
      }
      for (var call : kubernetes.requests().calls()) {
        if (OPERATOR_AGENT.equals(call.userAgent())) {
          used.add(Request.of(call.method(), call.path()).permission());
          if (call.path().contains("/secrets/")) {
            namedSecrets.add(URLDecoder.decode(call.path(), StandardCharsets.UTF_8));
          } else if (call.path().contains("/secrets")) {
            secretQueries.add(URLDecoder.decode(call.path(), StandardCharsets.UTF_8));
          }
        }
      }

      // nothing the operator did was refused, and every grant is used
      assertThat(denied).as("requests the rendered RBAC refused").isEmpty();
      Set<String> usedOrRequired = new TreeSet<>(used);
      usedOrRequired.addAll(REQUIRED_UNUSED);
      assertThat(rbac.granted()).isSubsetOf(usedOrRequired);
      // list/watch on secrets is granted, but only token Secrets are ever asked for
      assertThat(secretQueries)
          .isNotEmpty()
          .allSatisfy(
              query ->
                  assertThat(query).contains("labelSelector=northflank.com/credentials=true"));
      // get on secrets is granted for one thing: the runtime-environment Secret a create names
      assertThat(namedSecrets)
          .isNotEmpty()
          .allSatisfy(path -> assertThat(path).endsWith("/secrets/" + RUNTIME_SECRET));

      // the operator's identity cannot read, take over or create leases elsewhere...
      var kubeSystem = operatorClient.leases().inNamespace("kube-system");
      assertForbidden(() -> kubeSystem.withName("kube-controller-manager").get());
      assertForbidden(() -> kubeSystem.withName("kube-controller-manager").patch(MERGE, TAKE_OVER));
      assertForbidden(() -> kubeSystem.resource(holdBy(controllerManager, IDENTITY)).update());
      assertForbidden(
          () -> kubeSystem.resource(lease("kube-system", "planted", IDENTITY)).create());
      // ...nor another lease in its own namespace (create cannot be limited by name)
      var own = operatorClient.leases().inNamespace(operatorNamespace);
      assertForbidden(() -> own.withName("another-controller").get());
      assertForbidden(() -> own.withName("another-controller").patch(MERGE, TAKE_OVER));
      assertForbidden(() -> own.resource(holdBy(neighbour, IDENTITY)).update());
      assertThat(test.leases().resource(controllerManager).get().getSpec())
          .isEqualTo(controllerManager.getSpec());
      assertThat(test.leases().resource(neighbour).get().getSpec())
          .isEqualTo(neighbour.getSpec());
      assertThat(test.leases().inNamespace("kube-system").withName("planted").get()).isNull();
    }
  }

  /**
   * The API server's authorizer: requests of the operator that the rendered RBAC does not allow
   * are refused with 403 (and remembered); SelfSubjectRulesReviews, with which JOSDK checks its
   * lease rights before campaigning, are answered from the same rules.
   */
  private static Function<RecordedRequest, Optional<MockResponse>> enforcing(
      RenderedRbac rbac, Set<String> denied) {
    return request -> {
      if (!OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        return Optional.empty();
      }
      Request attributes;
      try {
        attributes = Request.of(request.getMethod(), request.getPath());
      } catch (IllegalArgumentException notAResource) {
        denied.add(request.getMethod() + " " + request.getPath());
        return Optional.of(forbidden(rbac, request.getPath()));
      }
      if (!rbac.allows(attributes)) {
        denied.add(attributes.permission() + " in " + attributes.namespace());
        return Optional.of(forbidden(rbac, attributes.permission()));
      }
      if (attributes.resource().equals("selfsubjectrulesreviews")) {
        return Optional.of(rulesReview(rbac, request));
      }
      return Optional.empty();
    };
  }

  private static MockResponse rulesReview(RenderedRbac rbac, RecordedRequest request) {
    String namespace;
    try {
      JsonNode body = JSON.readTree(request.getBody().readUtf8());
      namespace = body.at("/spec/namespace").asText("");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<ResourceRule> rules =
        rbac.rulesIn(namespace).stream()
            .map(
                r ->
                    new ResourceRule(
                        r.getApiGroups(), r.getResourceNames(), r.getResources(), r.getVerbs()))
            .toList();
    return new MockResponse()
        .setResponseCode(201)
        .setHeader("Content-Type", "application/json")
        .setBody(
            Serialization.asJson(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace(namespace)
                    .endSpec()
                    .withNewStatus()
                    .withResourceRules(rules)
                    .withIncomplete(false)
                    .endStatus()
                    .build()));
  }

  private static MockResponse forbidden(RenderedRbac rbac, String what) {
    return new MockResponse()
        .setResponseCode(403)
        .setHeader("Content-Type", "application/json")
        .setBody(
            Serialization.asJson(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("Forbidden")
                    .withCode(403)
                    .withMessage("User \"" + rbac.user() + "\" cannot " + what)
                    .build()));
  }

  private static void assertForbidden(Runnable request) {
    assertThatThrownBy(request::run)
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }

  private static NorthflankOperator operator(
      KubernetesClient client,
      NorthflankSimulator northflank,
      Map<String, String> deploymentEnv,
      String leaseNamespace,
      String leaseName) {
    Map<String, String> settings = new HashMap<>();
    settings.put(OperatorSettings.API_URL.variable(), northflank.baseUrl().toString());
    settings.put(OperatorSettings.SYNC_INTERVAL.variable(), "1s");
    settings.put(OperatorSettings.MIN_SYNC_INTERVAL.variable(), "1s");
    settings.put(OperatorSettings.API_BUDGET.variable(), "100000/1h");
    String watched = deploymentEnv.get(OperatorSettings.WATCH_NAMESPACES.variable());
    if (watched != null) {
      settings.put(OperatorSettings.WATCH_NAMESPACES.variable(), watched);
    }
    // the Deployment's lease (LEASE_NAMESPACE is the pod's namespace), with test timings
    return NorthflankOperator.builder(OperatorConfig.from(settings), client)
        .leaderElection(
            LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseNamespace(leaseNamespace)
                .withIdentity(IDENTITY)
                .withLeaseDuration(Duration.ofSeconds(2))
                .withRenewDeadline(Duration.ofMillis(1500))
                .withRetryPeriod(Duration.ofMillis(200))
                .withExitOnStopLeading(false)
                .build())
        .build();
  }

  /** The operator container's plain environment variables in the manifest's Deployment. */
  private static Map<String, String> env(RenderedRbac rbac) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable :
        rbac.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (variable.getValue() != null) {
        env.put(variable.getName(), variable.getValue());
      }
    }
    assertThat(env).containsEntry(OperatorSettings.LEADER_ELECTION.variable(), "true");
    return env;
  }

  private static Lease lease(String namespace, String name, String holder) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(15)
        .endSpec()
        .build();
  }

  private static Lease holdBy(Lease lease, String holder) {
    return new LeaseBuilder(lease).editSpec().withHolderIdentity(holder).endSpec().build();
  }

  private static String holder(KubernetesClient client, String namespace, String lease) {
    Lease found = client.leases().inNamespace(namespace).withName(lease).get();
    return found == null ? null : found.getSpec().getHolderIdentity();
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String namespace, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("northflank-api")
        .withNamespace(namespace)
        .addToLabels("northflank.com/credentials", "true")
        .endMetadata()
        .addToStringData("token", token)
        .build();
  }

  private static void awaitCondition(
      KubernetesClient client, String namespace, String type, String status) {
    LeaseSupport.awaitCondition(client, namespace, "example", type, status);
  }
}
