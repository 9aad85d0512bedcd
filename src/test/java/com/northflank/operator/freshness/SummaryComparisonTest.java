package com.northflank.operator.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.client.JobSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryComparisonTest {

  private static JobSummary listed(
      String name, List<String> tags, String description, String type, Boolean suspended) {
    return new JobSummary(
        "job-1", "p", "/u/p/job-1", name, tags, description, type, false, true, suspended);
  }

  private static final ListedFields READ =
      ListedFields.of(listed("Job", List.of("a-tag", "b-tag"), "desc", "cron", false));

  @Test
  void theSameJobListedShowsNoDifference() {
    assertThat(
            SummaryComparison.differences(
                READ,
                ListedFields.of(listed("Job", List.of("b-tag", "a-tag"), "desc", "CRON", false))))
        .as("tags as a set, enums without regard to case")
        .isEmpty();
  }

  @Test
  void eachListedFieldIsCompared() {
    ListedFields changed =
        ListedFields.of(
            new JobSummary(
                "job-1",
                "p",
                null,
                "Renamed",
                List.of("c-tag"),
                "new",
                "manual",
                true,
                false,
                true));

    assertThat(SummaryComparison.differences(READ, changed))
        .containsExactly(
            "name", "tags", "description", "jobType", "disabledCI", "disabledCD", "suspended");
  }

  @Test
  void absentTagsAreNoTagsAndAnAbsentDescriptionIsEmpty() {
    ListedFields none = ListedFields.of(listed("Job", List.of(), "", "cron", false));

    assertThat(
            SummaryComparison.differences(
                none, ListedFields.of(listed("Job", null, null, "cron", false))))
        .isEmpty();
    assertThat(
            SummaryComparison.differences(
                READ, ListedFields.of(listed("Job", null, "desc", "cron", false))))
        .containsExactly("tags");
  }

  @Test
  void aManualJobListedWithoutSuspendedIsNotSuspended() {
    ListedFields manual = ListedFields.of(listed("Job", null, null, "manual", false));

    assertThat(
            SummaryComparison.differences(
                manual, ListedFields.of(listed("Job", null, null, "manual", null))))
        .isEmpty();
  }

  @Test
  void afterARestartOnlyWhatTheStatusImpliesIsCompared() {
    JobDefinition declared =
        new JobDefinition(
            "Job",
            null,
            List.of("a-tag"),
            "cron",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    NorthflankJobStatus status =
        new NorthflankJobStatus(
            1L,
            "cron",
            false,
            "0 * * * *",
            "Allow",
            null,
            null,
            null,
            null,
            List.of(new FieldDrift("name", "Job", "Other", true)),
            1,
            List.<Condition>of(),
            null);

    ListedFields implied = ListedFields.implied(status, declared);

    assertThat(implied.name()).as("drifted: the live value is not the declared one").isNull();
    assertThat(implied.description()).as("not declared, not in the status").isNull();
    assertThat(
            SummaryComparison.differences(
                implied, ListedFields.of(listed("Whatever", List.of("a-tag"), "x", "cron", false))))
        .isEmpty();
    assertThat(
            SummaryComparison.differences(
                implied,
                ListedFields.of(
                    listed("Whatever", List.of("a-tag", "new-tag"), "x", "cron", true))))
        .containsExactly("tags", "suspended");
  }
}
