package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.config.ApiBudget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench harness runs end to end on a few jobs and reports every row. Its figures are not
 * asserted: timing targets are for the bench command on a quiet machine, not for a test.
 */
class BenchSmokeTest {

  @Test
  void aSmallRunPrintsTheWholeTable() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Bench bench =
        new Bench(
            List.of(40),
            Duration.ofMillis(5),
            4,
            Duration.ofSeconds(2),
            10,
            ApiBudget.parse("600/1m"),
            Duration.ofSeconds(3),
            0,
            true,
            new PrintStream(captured, true, StandardCharsets.UTF_8));
    bench.rounds(2);

    bench.run();

    String table = captured.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("round 1 of 2", "round 2 of 2");
    assertThat(table)
        .containsPattern("rounds: operator / informer ceiling of each +\\d\\.\\d\\d \\d\\.\\d\\d");
    assertThat(table)
        .contains(
            "40 jobs",
            "time to first full sync",
            "operator / plain ceiling",
            "operator / informer ceiling",
            "Northflank reads per job per interval",
            "Kubernetes writes per unchanged poll",
            "operator heap per job (after GC)",
            "max staleness (x ideal)",
            "429 responses");
    assertThat(table).containsPattern("Kubernetes writes per unchanged poll +0\\.000");
    assertThat(table).containsPattern("429 responses +0");
  }

  @Test
  void aSmallFreshnessRunPrintsItsRows() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Bench bench =
        new Bench(
                List.of(),
                Duration.ZERO,
                4,
                null,
                0,
                ApiBudget.parse("600/1m"),
                null,
                0,
                true,
                new PrintStream(captured, true, StandardCharsets.UTF_8))
            .scenarios(
                new Bench.Scenarios(
                    false, false, true, false, 40, 4, ApiBudget.parse("6000/1m"), null));

    bench.run();

    String table = captured.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains(
            "freshness: 40 jobs in 4 projects, 6000/1m - ideal 2N/B",
            "suspended (listed field)",
            "cron schedule (other field)",
            "max latency (x ideal)",
            "requests per job per hour");
    assertThat(table).containsPattern("429 responses +0");
  }
}
