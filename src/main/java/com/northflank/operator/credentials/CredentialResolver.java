package com.northflank.operator.credentials;

import com.northflank.operator.client.ApiToken;
import com.northflank.operator.config.DefaultTokenGrant;
import com.northflank.operator.config.DefaultTokenSource;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the API token for a resource: its own Secret (always in its own namespace, since the
 * reference has no namespace), else the operator-wide token, in the namespaces the operator grants
 * it ({@link DefaultTokenGrant}). Messages name the Secret and key, never the value.
 */
public final class CredentialResolver {

  /**
   * The label a token Secret must carry to be seen at all: the operator lists and watches only
   * Secrets that have it, so the other Secrets of the watched namespaces never enter its memory.
   */
  public static final String CREDENTIALS_LABEL = "northflank.com/credentials";

  public static final String CREDENTIALS_SELECTOR = CREDENTIALS_LABEL + "=true";

  private final DefaultTokenSource defaultToken;
  private final DefaultTokenGrant grant;

  /**
   * @param grant the namespaces the operator-wide token serves and whether it may write
   */
  public CredentialResolver(DefaultTokenSource defaultToken, DefaultTokenGrant grant) {
    this.defaultToken = defaultToken;
    this.grant = grant;
  }

  public static Optional<SecretKeyRef> secretRef(NorthflankJob job) {
    if (job.getSpec() == null || job.getSpec().credentials() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(job.getSpec().credentials().secretRef());
  }

  /**
   * The token alone; see {@link #credentials}.
   *
   * @throws SyncException CredentialsMissing when no usable token is found
   */
  public ApiToken resolve(NorthflankJob job, Optional<Secret> secret) {
    return credentials(job, secret).token();
  }

  /**
   * @param secret the referenced Secret as the informer cache holds it, if it exists
   * @throws SyncException CredentialsMissing when no usable token is found, or the resource has
   *     none of its own and the operator-wide token does not serve its namespace
   */
  public ResolvedCredentials credentials(NorthflankJob job, Optional<Secret> secret) {
    Optional<SecretKeyRef> ref = secretRef(job);
    if (ref.isEmpty()) {
      return ResolvedCredentials.operatorWide(operatorWide(job), grant.writes());
    }
    return ResolvedCredentials.ownSecret(ownSecret(job, ref.get(), secret));
  }

  private ApiToken operatorWide(NorthflankJob job) {
    String namespace = job.getMetadata().getNamespace();
    if (!grant.serves(namespace)) {
      throw new SyncException(
          FailureReason.CREDENTIALS_MISSING,
          "No spec.credentials.secretRef, and the operator-wide token does not serve namespace "
              + namespace
              + " (the operator grants it namespaces with "
              + OperatorSettings.DEFAULT_TOKEN_NAMESPACES.flag().orElseThrow()
              + ")");
    }
    return defaultToken
        .current()
        .orElseThrow(
            () ->
                new SyncException(
                    FailureReason.CREDENTIALS_MISSING,
                    "No spec.credentials.secretRef and the operator has no default token"));
  }

  private static ApiToken ownSecret(NorthflankJob job, SecretKeyRef ref, Optional<Secret> secret) {
    String name = ref.name();
    String key = ref.keyOrDefault();
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
