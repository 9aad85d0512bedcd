package com.northflank.operator.credentials;

import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.northflank.operator.config.DefaultTokenGrant;
import com.northflank.operator.config.DefaultTokenSource;
import com.northflank.operator.config.NamespaceSelection;
import com.northflank.operator.model.Credentials;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.SecretKeyRef;
import com.northflank.operator.client.ApiToken;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialResolverTest {

  private static final String CANARY = "nf-canary-c0ffee";
  private static final DefaultTokenSource DEFAULT = DefaultTokenSource.of(ApiToken.of("default"));
  private static final DefaultTokenGrant EVERY_NAMESPACE =
      new DefaultTokenGrant(NamespaceSelection.parse("*"), false);

  private static NorthflankJob job(SecretKeyRef ref) {
    return job("team-a", ref);
  }

  private static NorthflankJob job(String namespace, SecretKeyRef ref) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace(namespace).build());
    job.setSpec(
        new NorthflankJobSpec(
            "p", "j", null, ref == null ? null : new Credentials(ref), null, null));
    return job;
  }

  @Test
  void aValueThatIsNotATokenIsCredentialsMissingWithoutEchoingIt() {
    var resolver = new CredentialResolver(DefaultTokenSource.none(), DefaultTokenGrant.NONE);

    assertThatThrownBy(
            () ->
                resolver.resolve(
                    job(new SecretKeyRef("nf", null)),
                    Optional.of(secret("nf", "token", "Bearer " + CANARY))))
        .isInstanceOfSatisfying(
            SyncException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.CREDENTIALS_MISSING))
        .hasMessage("Secret team-a/nf key 'token' does not hold a valid API token")
        .hasMessageNotContaining(CANARY);
  }

  private static Secret secret(String name, String key, String value) {
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a").build())
        .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  @Test
  void usesTheDefaultTokenWithoutASecretRef() {
    var resolver =
        new CredentialResolver(DefaultTokenSource.of(ApiToken.of("default")), EVERY_NAMESPACE);

    assertThat(resolver.resolve(job(null), Optional.empty())).isEqualTo(ApiToken.of("default"));
  }

  @Test
  void noSecretRefAndNoDefaultIsCredentialsMissing() {
    var resolver = new CredentialResolver(DefaultTokenSource.none(), EVERY_NAMESPACE);

    assertThatThrownBy(() -> resolver.resolve(job(null), Optional.empty()))
        .isInstanceOfSatisfying(
            SyncException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.CREDENTIALS_MISSING));
  }

  @Test
  void readsTheReferencedKeyWithTokenAsDefaultKey() {
    var resolver = new CredentialResolver(DefaultTokenSource.of(ApiToken.of("default")), DefaultTokenGrant.NONE);

    assertThat(
            resolver.resolve(
                job(new SecretKeyRef("nf", null)),
                Optional.of(secret("nf", "token", CANARY + "\n"))))
        .isEqualTo(ApiToken.of(CANARY));
    assertThat(
            resolver.resolve(
                job(new SecretKeyRef("nf", "api")), Optional.of(secret("nf", "api", "other"))))
        .isEqualTo(ApiToken.of("other"));
  }

  @Test
  void aMissingSecretDoesNotFallBackToTheDefaultToken() {
    var resolver = new CredentialResolver(DefaultTokenSource.of(ApiToken.of("default")), DefaultTokenGrant.NONE);

    assertThatThrownBy(() -> resolver.resolve(job(new SecretKeyRef("nf", null)), Optional.empty()))
        .isInstanceOf(SyncException.class)
        .hasMessage("Secret team-a/nf not found, or not labelled northflank.com/credentials=true");
  }

  @Test
  void aMissingOrEmptyKeyIsReportedWithoutTheSecretsContent() {
    var resolver = new CredentialResolver(DefaultTokenSource.none(), DefaultTokenGrant.NONE);

    assertThatThrownBy(
            () ->
                resolver.resolve(
                    job(new SecretKeyRef("nf", "token")),
                    Optional.of(secret("nf", "other", CANARY))))
        .isInstanceOf(SyncException.class)
        .hasMessage("Secret team-a/nf has no non-empty key 'token'")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    job(new SecretKeyRef("nf", "token")), Optional.of(secret("nf", "token", " "))))
        .isInstanceOf(SyncException.class);
  }

  @Test
  void byDefaultTheOperatorWideTokenServesNoNamespaceAndTheMessageNamesTheFlag() {
    var resolver = new CredentialResolver(DEFAULT, DefaultTokenGrant.NONE);

    assertThatThrownBy(() -> resolver.credentials(job("team-a", null), Optional.empty()))
        .isInstanceOfSatisfying(
            SyncException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.CREDENTIALS_MISSING))
        .hasMessageContaining("team-a")
        .hasMessageContaining("--default-token-namespaces");
  }

  @Test
  void theOperatorWideTokenServesOnlyTheNamespacesItIsGranted() {
    var resolver =
        new CredentialResolver(
            DEFAULT, new DefaultTokenGrant(NamespaceSelection.parse("team-a,team-c"), false));

    assertThat(resolver.credentials(job("team-a", null), Optional.empty()).token())
        .isEqualTo(ApiToken.of("default"));
    assertThat(resolver.credentials(job("team-c", null), Optional.empty()).operatorWide())
        .isTrue();
    assertThatThrownBy(() -> resolver.credentials(job("team-b", null), Optional.empty()))
        .isInstanceOf(SyncException.class)
        .hasMessageContaining("--default-token-namespaces");
  }

  @Test
  void aStarGrantsEveryWatchedNamespace() {
    var resolver = new CredentialResolver(DEFAULT, EVERY_NAMESPACE);

    assertThat(resolver.credentials(job("anything", null), Optional.empty()).token())
        .isEqualTo(ApiToken.of("default"));
  }

  @Test
  void theOperatorWideTokenWritesOnlyWhenGrantedAndSaysWhyNot() {
    ResolvedCredentials readOnly =
        new CredentialResolver(DEFAULT, EVERY_NAMESPACE)
            .credentials(job("team-a", null), Optional.empty());
    ResolvedCredentials writing =
        new CredentialResolver(
                DEFAULT, new DefaultTokenGrant(NamespaceSelection.parse("*"), true))
            .credentials(job("team-a", null), Optional.empty());

    assertThat(readOnly.mayWrite()).isFalse();
    assertThat(readOnly.writeRefusal()).hasValueSatisfying(
        why -> assertThat(why).contains("--default-token-writes"));
    assertThat(writing.mayWrite()).isTrue();
    assertThat(writing.writeRefusal()).isEmpty();
  }

  @Test
  void aResourcesOwnSecretIsUnaffectedByEitherGrant() {
    var resolver = new CredentialResolver(DEFAULT, DefaultTokenGrant.NONE);

    ResolvedCredentials own =
        resolver.credentials(
            job("team-b", new SecretKeyRef("nf", null)),
            Optional.of(secret("nf", "token", CANARY)));

    assertThat(own.token()).isEqualTo(ApiToken.of(CANARY));
    assertThat(own.operatorWide()).isFalse();
    assertThat(own.mayWrite()).isTrue();
  }
}
