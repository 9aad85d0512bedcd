package com.northflank.operator.lifecycle;

import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.JobCreation;
import com.northflank.operator.model.NorthflankJob;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime variables of a job to create: every key of the Secret spec.creation names, from the
 * resource's own namespace. Read only when a create is about to go out (one GET, not watched or
 * cached), and never logged: messages name the Secret, never a key's value.
 */
public final class RuntimeEnvironment {

  private RuntimeEnvironment() {}

  /**
   * @throws SyncException CredentialsMissing when the Secret named is not there
   */
  public static Map<String, String> read(KubernetesClient client, NorthflankJob job) {
    JobCreation creation = job.getSpec().creation();
    if (creation == null || creation.runtimeEnvironmentSecretRef() == null) {
      return Map.of();
    }
    String namespace = job.getMetadata().getNamespace();
    String name = creation.runtimeEnvironmentSecretRef().name();
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new SyncException(
          FailureReason.CREDENTIALS_MISSING,
          "The job is not created: the Secret "
              + namespace
              + "/"
              + name
              + " named by spec.creation.runtimeEnvironmentSecretRef does not exist");
    }
    Map<String, String> variables = new TreeMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (key, value) ->
                  variables.put(
                      key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      variables.putAll(secret.getStringData());
    }
    return variables;
  }
}
