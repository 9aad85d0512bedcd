package com.northflank.operator.drift;

import static com.northflank.operator.drift.Drifts.drift;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.northflank.operator.model.FieldDrift;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftReportTest {

  private static final FieldDrift SCHEDULE =
      drift("settings.cron.schedule", "0 * * * *", "30 8 * * *");
  private static final FieldDrift NAME = drift("name", "a", FieldDrift.ABSENT);

  @Test
  void noneHasNoDifferences() {
    assertThat(DriftReport.none().drifted()).isFalse();
    assertThat(DriftReport.none().differences()).isEmpty();
    assertThat(DriftReport.none().fields()).isEmpty();
  }

  @Test
  void reportWithDifferencesIsDriftedAndListsTheirFields() {
    DriftReport report = new DriftReport(List.of(NAME, SCHEDULE));

    assertThat(report.drifted()).isTrue();
    assertThat(report.fields()).containsExactly("name", "settings.cron.schedule");
  }

  @Test
  void differencesAreACopyThatCannotBeModified() {
    List<FieldDrift> source = new ArrayList<>(List.of(NAME));
    DriftReport report = new DriftReport(source);
    source.add(SCHEDULE);

    assertThat(report.differences()).containsExactly(NAME);
    assertThatThrownBy(() -> report.differences().add(SCHEDULE))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
