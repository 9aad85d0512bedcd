package com.northflank.operator.credentials;

import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.config.DefaultTokenSource;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.SecretKeyRef;
import com.northflank.operator.client.ApiToken;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the API token for a resource: its own Secret (always in its own namespace, since the
 * reference has no namespace), else the operator-wide token. Messages name the Secret and key,
 * never the value.
 */
public final class CredentialResolver {

  /**
   * The label a token Secret must carry to be seen at all: the operator lists and watches only
   * Secrets that have it, so the other Secrets of the watched namespaces never enter its memory.
   */
  public static final String CREDENTIALS_LABEL = "northflank.com/credentials";

  public static final String CREDENTIALS_SELECTOR = CREDENTIALS_LABEL + "=true";

  private final DefaultTokenSource defaultToken;

  public CredentialResolver(DefaultTokenSource defaultToken) {
    this.defaultToken = defaultToken;
  }

  public static Optional<SecretKeyRef> secretRef(NorthflankJob job) {
    if (job.getSpec() == null || job.getSpec().credentials() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(job.getSpec().credentials().secretRef());
  }

  /**
   * @param secret the referenced Secret as the informer cache holds it, if it exists
   * @throws SyncException CredentialsMissing when no usable token is found
   */
  public ApiToken resolve(NorthflankJob job, Optional<Secret> secret) {
    Optional<SecretKeyRef> ref = secretRef(job);
    if (ref.isEmpty()) {
      return defaultToken
          .current()
          .orElseThrow(
              () ->
                  new SyncException(
                      FailureReason.CREDENTIALS_MISSING,
                      "No spec.credentials.secretRef and the operator has no default token"));
    }
    String name = ref.get().name();
    String key = ref.get().keyOrDefault();
    String where = "Secret " + job.getMetadata().getNamespace() + "/" + name;
    Secret found =
        secret
            .filter(s -> name.equals(s.getMetadata().getName()))
            .orElseThrow(
                () ->
                    new SyncException(
                        FailureReason.CREDENTIALS_MISSING,
                        // a Secret without the label is invisible, so both cases look the same
                        where + " not found, or not labelled " + CREDENTIALS_SELECTOR));
    try {
      return token(found, key)
          .orElseThrow(
              () ->
                  new SyncException(
                      FailureReason.CREDENTIALS_MISSING,
                      where + " has no non-empty key '" + key + "'"));
    } catch (IllegalArgumentException notAToken) {
      // e.g. "Bearer abc" or a pasted newline in the middle; the value is never echoed
      throw new SyncException(
          FailureReason.CREDENTIALS_MISSING,
          where + " key '" + key + "' does not hold a valid API token");
    }
  }

  private static Optional<ApiToken> token(Secret secret, String key) {
    String value = null;
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        value =
            new String(
                Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    } else if (secret.getStringData() != null) {
      value = secret.getStringData().get(key);
    }
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(ApiToken.of(value.strip()));
  }
}
