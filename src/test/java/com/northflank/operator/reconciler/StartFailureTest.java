package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

/** Why the operator could not start, in the one line {@code run} prints. */
class StartFailureTest {

  @Test
  void aLeaseWithoutAccessIsJosdksOwnWords() {
    OperatorException failure =
        new OperatorException(
            "Error starting operator",
            new OperatorException(
                "Insufficient permissions to access lease in namespace: ops;"
                    + " missing required verbs: [create]"));

    assertThat(NorthflankOperator.describe(failure))
        .isEqualTo(
            "Insufficient permissions to access lease in namespace: ops;"
                + " missing required verbs: [create]");
  }

  @Test
  void anApiRefusalIsItsStatusAndMessageNotTheWholeExchange() {
    KubernetesClientException refused =
        new KubernetesClientException(
            "Failure executing: POST at: https://10.0.0.1/apis/authorization.k8s.io/v1/"
                + "selfsubjectrulesreviews. Message: forbidden. Received status: Status(...)",
            403,
            new StatusBuilder().withMessage("selfsubjectrulesreviews is forbidden").build());
    OperatorException failure = new OperatorException("Error starting operator", refused);

    assertThat(NorthflankOperator.describe(failure))
        .isEqualTo("HTTP 403: selfsubjectrulesreviews is forbidden");
  }
}
