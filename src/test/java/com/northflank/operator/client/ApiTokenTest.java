package com.northflank.operator.client;

import static com.northflank.operator.client.Fixtures.CANARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTokenTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\n", " \t\r\n "})
  void rejectsMissingOrBlankTokens(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> ApiToken.of(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nf-canary 3f9c2e", "nf-canary\n3f9c2e", "nf-canäry-3f9c2e", "nf\u0000x"})
  void rejectsTokensThatCannotBeAHeaderWithoutEchoingThem(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ApiToken.of(value))
        .withMessageNotContaining("canary")
        .withMessageNotContaining("3f9c2e");
  }

  @Test
  void dropsTheTrailingNewlineOfSecretFiles() {
    ApiToken fromFile = ApiToken.of(CANARY + "\n");

    assertThat(fromFile.reveal()).isEqualTo(CANARY);
    assertThat(fromFile).isEqualTo(ApiToken.of(CANARY));
  }

  @Test
  void toStringShowsOnlyTheFingerprint() throws Exception {
    ApiToken token = ApiToken.of(CANARY);
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(CANARY.getBytes(StandardCharsets.UTF_8)));

    assertThat(token.fingerprint()).isEqualTo(sha256.substring(0, 12));
    assertThat(token).hasToString("ApiToken[sha256:" + sha256.substring(0, 12) + "]");
    assertThat(String.valueOf(token)).doesNotContain(CANARY);
  }

  @Test
  void equalityFollowsTheValue() {
    assertThat(ApiToken.of(CANARY))
        .isEqualTo(ApiToken.of(CANARY))
        .hasSameHashCodeAs(ApiToken.of(CANARY))
        .isNotEqualTo(ApiToken.of(CANARY + "x"))
        .isNotEqualTo(CANARY);
    assertThat(ApiToken.of("a").fingerprint()).isNotEqualTo(ApiToken.of("b").fingerprint());
  }
}
