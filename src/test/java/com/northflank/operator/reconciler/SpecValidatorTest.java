package com.northflank.operator.reconciler;

import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.JobDefinition.CronSettings;
import com.northflank.operator.model.JobDefinition.JobSettings;
import com.northflank.operator.model.NorthflankJobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

  private final SpecValidator validator = new SpecValidator();

  private static NorthflankJobSpec spec(String jobType, String schedule, String interval) {
    JobDefinition job =
        new JobDefinition(
            null,
            null,
            null,
            jobType,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new JobSettings(new CronSettings(schedule, null), null, null));
    return new NorthflankJobSpec("p", "j", null, null, interval, job);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30 8 * * *", "*/5 * * * *", "0 0 1 1 *", "0 9-17 * * 1-5"})
  void acceptsUnixCron(String schedule) {
    assertThatCode(() -> validator.validate(spec("cron", schedule, "5m")))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"every day", "61 * * * *", "* * * *", "0 0 * * * *", "0 25 * * *"})
  void rejectsWhatIsNotUnixCron(String schedule) {
    assertThatThrownBy(() -> validator.validate(spec("cron", schedule, null)))
        .isInstanceOfSatisfying(
            SyncException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.reason())
                    .isEqualTo(FailureReason.INVALID_SPEC))
        .hasMessageContaining("spec.job.settings.cron.schedule");
  }

  @Test
  void anInvalidScheduleIsQuotedOnlyInPart() {
    String schedule = "61 " + "1,".repeat(20_000) + "1 * * *";

    assertThatThrownBy(() -> validator.validate(spec("cron", schedule, null)))
        .hasMessageContaining("spec.job.settings.cron.schedule '61 1,1,")
        .hasMessageContaining("truncated")
        .satisfies(
            e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).hasSizeLessThan(512));
  }

  @Test
  void cronSettingsOnAManualJobAreInvalid() {
    assertThatThrownBy(() -> validator.validate(spec("manual", "30 8 * * *", null)))
        .hasMessageContaining("only to cron jobs");
  }

  @Test
  void aBadSyncIntervalIsInvalid() {
    assertThatThrownBy(() -> validator.validate(spec("cron", "30 8 * * *", "soon")))
        .hasMessageContaining("spec.syncInterval");
  }

  /**
   * Longer than a day, or too long for the arithmetic on it, is InvalidSpec with one line; shorter
   * than the floor is not an error (the schedule clamps it), nor is the day itself.
   */
  @ParameterizedTest
  @ValueSource(strings = {"25h", "2562048h", "99999999999999999999h", "8761h"})
  void aSyncIntervalBeyondADayIsInvalid(String interval) {
    assertThatThrownBy(() -> validator.validate(spec("cron", "30 8 * * *", interval)))
        .isInstanceOfSatisfying(
            SyncException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.reason())
                    .isEqualTo(FailureReason.INVALID_SPEC))
        .hasMessageStartingWith("spec.syncInterval: '" + interval + "'")
        .hasMessageContaining("24h")
        .satisfies(
            e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1ms", "9s", "24h"})
  void aShortOrADaysSyncIntervalIsValid(String interval) {
    assertThatCode(() -> validator.validate(spec("cron", "30 8 * * *", interval)))
        .doesNotThrowAnyException();
  }

  @Test
  void aSpecWithoutJobIsFine() {
    assertThatCode(
            () -> validator.validate(new NorthflankJobSpec("p", "j", null, null, null, null)))
        .doesNotThrowAnyException();
  }

  @org.junit.jupiter.api.Test
  void refusesACreateWhoseNameGivesAnotherId() {
    NorthflankJobSpec spec =
        new NorthflankJobSpec("p", "nightly-report", null, null, null, null)
            .withLifecycle("IfAbsent", null, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator.validate(spec))
        .isInstanceOf(com.northflank.operator.failure.SyncException.class)
        .hasMessageContaining(NorthflankJobSpec.CREATION_NEEDS);
  }
}
