package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiCall;
import com.northflank.operator.client.RateLimitSnapshot;
import com.northflank.operator.playground.simulator.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress lines of a long export: jobs done of all, requests left, time to go. */
class ExportProgressTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final RequestLedger ledger = new RequestLedger(ApiBudget.parse("1000/1h"), clock);
  private final ExportProgress progress =
      new ExportProgress(new PrintStream(err, true, StandardCharsets.UTF_8), clock, ledger);

  @Test
  void aLongExportSaysHowFarItIsAtMostEveryFewSeconds() {
    progress.listing("project big");
    send(2);
    progress.reading(150, "project big");
    for (int done = 1; done <= 150; done++) {
      clock.advance(Duration.ofMillis(3600));
      send(1);
      progress.jobDone(done, 150);
    }

    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).isEqualTo("export: listing the jobs of project big");
    assertThat(lines.get(1))
        .isEqualTo("export: 150 jobs to read in project big; at 1000/1h that takes about 9m");
    assertThat(lines.get(2))
        .isEqualTo("export: 2/150 jobs, 996 left in 1000/1h (the API says 996), about 9m to go");
    // one line per 5 s or so: every second job at 3.6 s a job
    assertThat(lines).hasSize(2 + 74);
    assertThat(lines.get(lines.size() - 1)).startsWith("export: 148/150 jobs, 850 left in 1000/1h");
  }

  @Test
  void aShortExportPrintsNoProgressLine() {
    progress.reading(3, "project small");
    for (int done = 1; done <= 3; done++) {
      progress.jobDone(done, 3);
    }

    assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  @Test
  void theSummarySaysWhatWasWrittenWhereInHowLongAndWhatItCost() {
    send(152);

    progress.finished(
        new ExportResult(150, 150, List.of(), 0, 152, Duration.ofSeconds(575)), "to jobs");

    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "export: 150 of 150 jobs written to jobs in 9m35s; 152 requests, 848 left in 1000/1h"
                + " (the API says 848)\n");
  }

  private void send(int requests) {
    for (int i = 0; i < requests; i++) {
      long remaining = 1000 - ledger.sent() - 1;
      ledger.onCall(
          new ApiCall(
              "GET /v1/projects/{projectId}/jobs/{jobId}",
              200,
              Duration.ofMillis(20),
              Optional.of(
                  new RateLimitSnapshot(
                      OptionalLong.of(1000), OptionalLong.of(remaining), Optional.empty())),
              "fingerprint",
              Optional.empty()));
    }
  }
}
