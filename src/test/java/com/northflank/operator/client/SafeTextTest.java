package com.northflank.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnktdXNlciJ9.c2lnbmF0dXJlLWNhbmFyeQ";

  @Test
  void redactsTheWholeTokenAndItsJwtParts() {
    ApiToken token = ApiToken.of(JWT);
    String payloadOnly = JWT.split("\\.")[1];

    assertThat(SafeText.of("got " + JWT + " and " + payloadOnly, token))
        .isEqualTo("got [REDACTED] and [REDACTED]");
  }

  @Test
  void flattensInvisibleCharactersToSpaces() {
    ApiToken token = ApiToken.of("nf-canary-3f9c2e");

    assertThat(SafeText.of(" a\r\n\tb\u200Bc\u0000 ", token)).isEqualTo("a b c");
  }

  @Test
  void redactsBeforeShortening() {
    ApiToken token = ApiToken.of("nf-canary-3f9c2e");
    String text = "y".repeat(SafeText.MAX_LENGTH - 5) + "nf-canary-3f9c2e";

    assertThat(SafeText.of(text, token))
        .doesNotContain("nf-can")
        .endsWith("[REDA…")
        .hasSize(SafeText.MAX_LENGTH + 1);
  }
}
