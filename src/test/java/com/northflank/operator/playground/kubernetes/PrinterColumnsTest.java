package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.playground.kubernetes.PrinterColumns.Column;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrinterColumnsTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private final PrinterColumns columns =
      new PrinterColumns(
          List.of(
              new Column("Job", "string", ".spec.jobId", 0, ""),
              new Column(
                  "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", 0, ""),
              new Column("Age", "date", ".metadata.creationTimestamp", 0, ""),
              new Column("Cluster", "string", ".status.cluster.name", 1, "")));

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text.replace('\'', '"'));
  }

  @Test
  void evaluatesPathsFiltersAndAges() throws Exception {
    JsonNode job =
        json(
            "{'metadata':{'creationTimestamp':'2026-11-28T11:55:00Z'},'spec':{'jobId':'j'},"
                + "'status':{'conditions':[{'type':'Synced','status':'False'},"
                + "{'type':'Ready','status':'True'}],'cluster':{'name':'c'}}}");

    assertThat(columns.cells(job, false, NOW)).containsExactly("j", "True", "5m0s");
    assertThat(columns.cells(job, true, NOW)).containsExactly("j", "True", "5m0s", "c");
    assertThat(columns.headers(false)).containsExactly("JOB", "READY", "AGE");
  }

  @Test
  void missingValuesAreBlank() throws Exception {
    assertThat(columns.cells(json("{'spec':{'jobId':'j'}}"), true, NOW))
        .containsExactly("j", "", "", "");
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-28T11:59:15Z, 45s",
    "2026-11-28T11:57:00Z, 3m0s",
    "2026-11-28T11:00:00Z, 60m",
    "2026-11-28T07:00:00Z, 5h",
    "2026-11-20T12:00:00Z, 8d"
  })
  void agesLikeKubectl(String created, String age) {
    assertThat(PrinterColumns.age(created, NOW)).isEqualTo(age);
  }

  @Test
  void formatsAlignedColumns() {
    assertThat(PrinterColumns.format(List.of("A", "BB"), List.of(List.of("xxx", "y"))))
        .isEqualTo("A     BB\nxxx   y\n");
  }
}
