package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** The one line that says why the Kubernetes API did not answer, for the usual mistakes. */
class KubernetesApiWaitTest {

  @Test
  void aMissingCrdSaysHowToInstallIt() {
    assertThat(
            KubernetesApiWait.describe(
                status(404, "the server could not find"), NorthflankJob.class))
        .isEqualTo(
            "HTTP 404: the NorthflankJob CRD is not installed (kubectl apply --server-side -k"
                + " crds/)");
  }

  @Test
  void refusedPermissionsKeepTheApiServersWords() {
    String forbidden =
        "secrets is forbidden: User \"system:serviceaccount:ns:sa\" cannot list resource"
            + " \"secrets\" in API group \"\" at the cluster scope";

    assertThat(KubernetesApiWait.describe(status(403, forbidden), Secret.class))
        .isEqualTo("HTTP 403: " + forbidden);
    assertThat(KubernetesApiWait.describe(status(401, "Unauthorized"), Secret.class))
        .isEqualTo("HTTP 401: the credentials of the kubeconfig or service account were refused");
  }

  @Test
  void anIoFailureIsNamedBelowTheWrappers() {
    ConnectException refused = new ConnectException();
    refused.initCause(new UnresolvedAddressException());
    KubernetesClientException wrapped =
        new KubernetesClientException("Operation: [list] failed.", new IOException(null, refused));

    assertThat(KubernetesApiWait.describe(wrapped, NorthflankJob.class))
        .isEqualTo("ConnectException (UnresolvedAddressException)");
  }

  private static KubernetesClientException status(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }
}
