package com.northflank.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The declarations themselves, and that OperatorConfig reads every setting through them. */
class OperatorSettingsTest {

  static Stream<Setting<?>> settings() {
    return OperatorSettings.ALL.stream();
  }

  @Test
  void variablesAndFlagsAreEachDeclaredOnce() {
    assertThat(OperatorSettings.ALL.stream().map(Setting::variable)).doesNotHaveDuplicates();
    assertThat(OperatorSettings.ALL.stream().map(Setting::flag).flatMap(Optional::stream))
        .doesNotHaveDuplicates();
    assertThat(OperatorSettings.ALL).containsAll(OperatorSettings.API);
  }

  /** A NUL is no valid value of any type, and is not trimmed away as blank. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void operatorConfigReadsEverySettingFromItsVariable(Setting<?> setting) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> OperatorConfig.from(Map.of(setting.variable(), "bad\u0000value")));

    assertThat(e).as("a bad %s is noticed", setting).isNotNull();
    assertThat(e.setting()).isEqualTo(setting.variable());
  }

  @Test
  void aSettingReadsItsVariableOrItsDefault() {
    assertThat(OperatorSettings.SYNC_INTERVAL.from(Map.of("SYNC_INTERVAL", " 90s ")))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(OperatorSettings.SYNC_INTERVAL.from(Map.of("SYNC_INTERVAL", " ")))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(OperatorSettings.LEASE_NAMESPACE.from(Map.of())).as("no default").isNull();
    assertThat(OperatorSettings.WATCH_NAMESPACES.from(Map.of())).isEmpty();
    assertThat(OperatorSettings.WATCH_NAMESPACES.defaultText()).isEqualTo("all namespaces");
    assertThat(OperatorSettings.WATCH_NAMESPACES.defaultIsValue()).isFalse();
    assertThat(OperatorSettings.METRICS_PORT.defaultText()).isEqualTo("8080");
    assertThat(OperatorSettings.METRICS_PORT.defaultIsValue()).isTrue();
  }

  @Test
  void aDefaultItsOwnTypeRejectsFailsTheDeclaration() {
    Setting.Builder<Duration> declaration =
        Setting.builder("SOME_INTERVAL", SettingType.DURATION)
            .flag("--some-interval")
            .defaultValue("soon")
            .description("Some interval.");

    assertThatThrownBy(declaration::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void aDeclarationSaysWhatUnsetMeans() {
    Setting.Builder<Duration> declaration =
        Setting.builder("SOME_INTERVAL", SettingType.DURATION).description("Some interval.");

    assertThatThrownBy(declaration::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SOME_INTERVAL");
  }

  @Test
  void aBadTokenIsNamedButNotEchoed() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                OperatorSettings.API_TOKEN.from(
                    Map.of("NORTHFLANK_API_TOKEN", "s3cr3t with space")));

    assertThat(e).hasMessage("NORTHFLANK_API_TOKEN: not a valid API token");
  }
}
