package com.northflank.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook settings: off by default, never the metrics port, never without a token. */
class WebhookSettingsTest {

  @Test
  void webhooksAreOffByDefaultWithAnHourlyBackstop() {
    OperatorConfig config = OperatorConfig.defaults();

    assertThat(config.webhooks()).isFalse();
    assertThat(config.webhookRunsBackstop()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aPortAndATokenFileTurnThemOn() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of("WEBHOOK_PORT", "8443", "WEBHOOK_TOKEN_FILE", "/etc/webhook/token"));

    assertThat(config.webhooks()).isTrue();
    assertThat(config.webhookPort()).isEqualTo(8443);
    assertThat(config.webhookTokenFile()).isEqualTo(Path.of("/etc/webhook/token"));
  }

  @Test
  void theMetricsPortIsRefused() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                OperatorConfig.from(
                    Map.of("WEBHOOK_PORT", "8080", "WEBHOOK_TOKEN_FILE", "/etc/webhook/token")));

    assertThat(e.setting()).isEqualTo("WEBHOOK_PORT");
    assertThat(e.getMessage()).contains("metrics port");
  }

  @Test
  void aPortWithoutATokenFileIsRefused() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> OperatorConfig.from(Map.of("WEBHOOK_PORT", "8443")));

    assertThat(e.setting()).isEqualTo("WEBHOOK_TOKEN_FILE");
  }
}
