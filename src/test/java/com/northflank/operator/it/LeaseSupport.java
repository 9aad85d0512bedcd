package com.northflank.operator.it;

import static org.awaitility.Awaitility.await;

import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.Conditions;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;

/** What the tests that run operators with leader election on one mock API share. */
final class LeaseSupport {

  static final String LEASE_NAMESPACE = "default";

  private LeaseSupport() {}

  /** JOSDK asks with a SelfSubjectRulesReview whether it may use Leases before it campaigns. */
  static void allowLeases(EmbeddedKubernetes kubernetes) {
    kubernetes
        .server()
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
  }

  /**
   * Seconds instead of JOSDK's defaults; in production a deposed leader exits, here the JVM is
   * shared.
   */
  static LeaderElectionConfiguration fast(String lease, String identity) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(lease)
        .withLeaseNamespace(LEASE_NAMESPACE)
        .withIdentity(identity)
        .withLeaseDuration(Duration.ofSeconds(2))
        .withRenewDeadline(Duration.ofMillis(1500))
        .withRetryPeriod(Duration.ofMillis(200))
        .withExitOnStopLeading(false)
        .build();
  }

  static String holder(KubernetesClient client, String lease) {
    Lease found = client.leases().inNamespace(LEASE_NAMESPACE).withName(lease).get();
    return found == null ? null : found.getSpec().getHolderIdentity();
  }

  static void awaitCondition(
      KubernetesClient client, String namespace, String name, String type, String status) {
    await()
        .atMost(OperatorHarness.TIMEOUT)
        .until(
            () -> {
              NorthflankJob job =
                  client.resources(NorthflankJob.class).inNamespace(namespace).withName(name).get();
              return job != null
                  && job.getStatus() != null
                  && Conditions.find(job.getStatus().conditions(), type)
                      .map(c -> c.status().equals(status))
                      .orElse(false);
            });
  }
}
