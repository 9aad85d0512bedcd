package com.northflank.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {

  @Test
  void defaultsWhenNothingIsSet() {
    OperatorConfig config = OperatorConfig.defaults();

    assertThat(config.apiUrl()).isEqualTo(URI.create("https://api.northflank.com"));
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.syncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.statusHeartbeat()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.maxConcurrentReconciles()).isEqualTo(4);
    assertThat(config.defaultToken().current()).isEmpty();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaseName()).isEqualTo("northflank-job-operator");
    assertThat(config.leaseNamespace()).isNull();
    assertThat(config.metricsPort()).isEqualTo(8080);
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.TEXT);
    assertThat(config.readOnly()).isFalse();
    assertThat(config.observeRuns()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"true, true", "no, false", "false, false"})
  void observeRunsIsASwitch(String value, boolean observe) {
    assertThat(OperatorConfig.from(Map.of("OBSERVE_RUNS", value)).observeRuns()).isEqualTo(observe);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "yes, true", "1, true", "false, false", "no, false"})
  void readOnlyIsASwitch(String value, boolean readOnly) {
    assertThat(OperatorConfig.from(Map.of("READ_ONLY", value)).readOnly()).isEqualTo(readOnly);
  }

  @Test
  void readsTheProductionSettings() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "LEADER_ELECTION", "true",
                "LEASE_NAME", "nf-operator",
                "LEASE_NAMESPACE", "northflank-system",
                "METRICS_PORT", "9090",
                "LOG_FORMAT", "JSON"));

    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("nf-operator");
    assertThat(config.leaseNamespace()).isEqualTo("northflank-system");
    assertThat(config.metricsPort()).isEqualTo(9090);
    assertThat(config.logFormat()).isEqualTo(OperatorConfig.LogFormat.JSON);
  }

  @Test
  void readsEverySetting() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "NORTHFLANK_API_URL", "https://nf.example.com/",
                "NORTHFLANK_API_TOKEN", "tok-123",
                "WATCH_NAMESPACES", "team-a, team-b,,",
                "SYNC_INTERVAL", "90s",
                "STATUS_HEARTBEAT", "1h",
                "MAX_CONCURRENT_RECONCILES", "6",
                "NORTHFLANK_CONNECT_TIMEOUT", "2s",
                "NORTHFLANK_REQUEST_TIMEOUT", "1m30s"));

    assertThat(config.apiUrl()).isEqualTo(URI.create("https://nf.example.com"));
    assertThat(config.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.statusHeartbeat()).isEqualTo(Duration.ofHours(1));
    assertThat(config.maxConcurrentReconciles()).isEqualTo(6);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.defaultToken().current()).isPresent();
  }

  @Test
  void blankValuesCountAsUnset() {
    OperatorConfig config =
        OperatorConfig.from(Map.of("SYNC_INTERVAL", " ", "WATCH_NAMESPACES", ""));

    assertThat(config.syncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.namespaces()).isEqualTo(Set.of());
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "NORTHFLANK_API_URL|http://api.northflank.com|only https",
        "NORTHFLANK_API_URL|ftp://api.northflank.com|http(s) URL",
        "NORTHFLANK_API_URL|not a url|not",
        "NORTHFLANK_API_URL|https://api.northflank.com?x=1|query",
        "SYNC_INTERVAL|five minutes|not a duration",
        "SYNC_INTERVAL|0s|longer than zero",
        "STATUS_HEARTBEAT|-5m|not a duration",
        "MAX_CONCURRENT_RECONCILES|0|between 1 and 1000",
        "MAX_CONCURRENT_RECONCILES|many|whole number",
        "WATCH_NAMESPACES|Team_A|not a valid Kubernetes name",
        "LEADER_ELECTION|maybe|not true or false",
        "LEASE_NAMESPACE|Not/Valid|not a valid Kubernetes name",
        "METRICS_PORT|70000|between 0 and 65535",
        "LOG_FORMAT|xml|not text or json",
        "READ_ONLY|sometimes|not true or false",
        "OBSERVE_RUNS|often|not true or false"
      })
  void rejectsBadValuesNamingTheSetting(String key, String value, String expected) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> OperatorConfig.from(Map.of(key, value)));

    assertThat(e).hasMessageStartingWith(key + ":").hasMessageContaining(expected);
    // apart, so that a command line can name the flag the value came from instead
    assertThat(e.setting()).isEqualTo(key);
    assertThat(e.problem()).contains(expected).doesNotContain(key);
  }

  /**
   * Values that overflow the budget's and the schedule's arithmetic, or mean nothing an operator
   * could want, are refused when read, in one line naming the setting, rather than accepted and
   * failing every reconcile.
   */
  @ParameterizedTest(name = "{0}={1} is out of range")
  @CsvSource(
      delimiter = '|',
      value = {
        "SYNC_INTERVAL|2562048h|and 24h",
        "SYNC_INTERVAL|25h|and 24h",
        "SYNC_INTERVAL|5s|between 10s and 24h",
        "MIN_SYNC_INTERVAL|500ms|between 1s and 24h",
        "MIN_SYNC_INTERVAL|2562048h|between 1s and 24h",
        "STATUS_HEARTBEAT|2562048h|between 1s and 24h",
        "STATUS_HEARTBEAT|25h|between 1s and 24h",
        "NORTHFLANK_REQUEST_TIMEOUT|2562048h|between 10ms and 10m",
        "NORTHFLANK_REQUEST_TIMEOUT|2h|between 10ms and 10m",
        "NORTHFLANK_CONNECT_TIMEOUT|1h|between 10ms and 10m",
        "NORTHFLANK_API_BUDGET|1/1h|at least 2 requests",
        "NORTHFLANK_API_BUDGET|1/1s|at least 2 requests",
        "NORTHFLANK_API_BUDGET|1000/2562048h|between 1s and 24h",
        "NORTHFLANK_API_BUDGET|1000/25h|between 1s and 24h",
        "NORTHFLANK_API_BUDGET|1000/500ms|between 1s and 24h"
      })
  void refusesValuesOutOfRangeInOneLine(String key, String value, String expected) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> OperatorConfig.from(Map.of(key, value)));

    assertThat(e).hasMessageStartingWith(key + ":").hasMessageContaining(expected);
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void theDefaultIntervalMayBeAsShortAsTheFloorIsSet() {
    OperatorConfig config =
        OperatorConfig.from(Map.of("SYNC_INTERVAL", "1s", "MIN_SYNC_INTERVAL", "1s"));

    assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.minSyncInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(OperatorConfig.defaults().minSyncInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @CsvSource({"http://localhost:8080", "http://127.0.0.1:9", "http://[::1]:9"})
  void plainHttpIsAllowedOnLoopbackOnly(String url) {
    assertThat(OperatorConfig.from(Map.of("NORTHFLANK_API_URL", url)).apiUrl().getScheme())
        .isEqualTo("http");
  }

  @Test
  void tokenFileWinsOverTheTokenVariableAndIsReReadWhenItChanges(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("token");
    Files.writeString(file, "from-file\n");
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "NORTHFLANK_API_TOKEN", "from-env", "NORTHFLANK_API_TOKEN_FILE", file.toString()));

    var first = config.defaultToken().current().orElseThrow();
    Files.writeString(file, "rotated");
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    var second = config.defaultToken().current().orElseThrow();

    assertThat(first).isEqualTo(com.northflank.operator.client.ApiToken.of("from-file"));
    assertThat(second).isEqualTo(com.northflank.operator.client.ApiToken.of("rotated"));
  }

  @Test
  void aTokenFileThatDoesNotExistYetIsPickedUpWhenItAppears(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("token");
    OperatorConfig config =
        OperatorConfig.from(Map.of("NORTHFLANK_API_TOKEN_FILE", file.toString()));

    assertThat(config.defaultToken().current()).isEmpty();
    Files.writeString(file, "mounted-later");
    assertThat(config.defaultToken().current())
        .contains(com.northflank.operator.client.ApiToken.of("mounted-later"));
  }

  @Test
  void aMalformedTokenOrAUrlWithCredentialsIsAConfigErrorThatEchoesNeither() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("NORTHFLANK_API_TOKEN", "Bearer s3cr3t")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("NORTHFLANK_API_TOKEN: not a valid API token");
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("NORTHFLANK_API_URL", "https://me:s3cr3t@nf.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must not carry credentials")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aMalformedUrlIsAConfigErrorThatNeverEchoesItsCredentials() {
    String canary = "nf-canary-url-7f3e";
    for (String url :
        java.util.List.of(
            "https://me:" + canary + "@nf example.com",
            "https://me:" + canary + "@nf_example.com",
            "https:/me:" + canary + "@nf.example.com",
            "me:" + canary + "@nf.example.com",
            "http://me:" + canary + "@evil.example",
            "https://nf.example.com/v1?token=" + canary,
            "https://nf.example.com/v1#" + canary,
            "ftp://me:" + canary + "@nf.example.com")) {
      assertThatThrownBy(() -> OperatorConfig.from(Map.of("NORTHFLANK_API_URL", url)))
          .as(url)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("NORTHFLANK_API_URL: ")
          .hasMessageNotContaining(canary);
    }
  }

  @Test
  void theOperatorWideTokenServesNoNamespaceAndWritesNothingUnlessGranted() {
    DefaultTokenGrant grant = OperatorConfig.defaults().defaultTokenGrant();

    assertThat(grant.serves("default")).isFalse();
    assertThat(grant.serves("team-a")).isFalse();
    assertThat(grant.writes()).isFalse();
  }

  @Test
  void theOperatorWideTokenIsGrantedNamespacesAndWrites() {
    DefaultTokenGrant some =
        OperatorConfig.from(
                Map.of(
                    "DEFAULT_TOKEN_NAMESPACES", " team-a, team-b ,",
                    "DEFAULT_TOKEN_WRITES", "true"))
            .defaultTokenGrant();
    DefaultTokenGrant every =
        OperatorConfig.from(Map.of("DEFAULT_TOKEN_NAMESPACES", "*")).defaultTokenGrant();

    assertThat(some.serves("team-a")).isTrue();
    assertThat(some.serves("team-b")).isTrue();
    assertThat(some.serves("team-c")).isFalse();
    assertThat(some.writes()).isTrue();
    assertThat(every.serves("anything")).isTrue();
    assertThat(every.writes()).isFalse();
  }

  @Test
  void aStarStandsAloneAndNamesMustBeNamespaces() {
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("DEFAULT_TOKEN_NAMESPACES", "*,team-a")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DEFAULT_TOKEN_NAMESPACES: ");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("DEFAULT_TOKEN_NAMESPACES", "Team_A")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DEFAULT_TOKEN_NAMESPACES: ");
  }

  @Test
  void theTokenNeverShowsInTheConfigurationsText() {
    OperatorConfig config = OperatorConfig.from(Map.of("NORTHFLANK_API_TOKEN", "nf-canary-91ab"));

    assertThat(config.toString()).doesNotContain("nf-canary-91ab");
  }

  @Test
  void durationsRoundTrip() {
    assertThat(DurationParser.format(DurationParser.parse("1h30m"))).isEqualTo("1h30m");
    assertThat(DurationParser.format(Duration.ofMillis(90_250))).isEqualTo("1m30s250ms");
    assertThatThrownBy(() -> DurationParser.parse("5m garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
