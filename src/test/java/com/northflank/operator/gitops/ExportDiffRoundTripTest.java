package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.northflank.operator.cli.Main;
import com.northflank.operator.playground.simulator.NorthflankSimulator;
import com.northflank.operator.playground.simulator.SimulatorOptions;
import com.northflank.operator.testing.ConsoleCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end, through the CLI, against the in-process Northflank simulator: export a
 * project of more than one page of jobs within a budget the simulator enforces, then diff reports
 * no drift, then a change in Northflank is drift that names the field.
 */
class ExportDiffRoundTripTest {

  private static final String TOKEN = "nf-gitops-token";
  private static final String PROJECT = "big-project";
  private static final int JOBS = 150;
  private static final String LIST = "GET /v1/projects/{projectId}/jobs";
  private static final String GET = "GET /v1/projects/{projectId}/jobs/{jobId}";

  /** Fewer requests per window than the export needs: only pacing keeps it free of 429s. */
  private static final String SMALL_BUDGET = "100/4s";

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();
  private NorthflankSimulator northflank;

  @BeforeEach
  void start() {
    northflank =
        NorthflankSimulator.start(
            SimulatorOptions.builder().token(TOKEN).budget(100, Duration.ofSeconds(4)).build());
    northflank.seedSyntheticJobs(PROJECT, JOBS);
  }

  @AfterEach
  void stop() {
    northflank.close();
  }

  @Test
  void exportThenDiffIsInSyncAndALiveChangeIsDrift(@TempDir Path dir) throws IOException {
    Path jobs = dir.resolve("jobs");

    int exported =
        run(
            "export",
            "--project",
            PROJECT,
            "--output-dir",
            jobs.toString(),
            "--namespace",
            "northflank-jobs",
            "--api-budget",
            SMALL_BUDGET);

    assertThat(exported).as(console.err()).isZero();
    // two pages of List Jobs (100 + 50) and one Get Job per job, nothing refused
    assertThat(northflank.counters().route(LIST)).isEqualTo(2);
    assertThat(northflank.counters().route(GET)).isEqualTo(JOBS);
    assertThat(northflank.counters().status(429)).isZero();
    assertThat(northflank.counters().total()).isEqualTo(JOBS + 2);
    List<Path> files = yamlFiles(jobs);
    assertThat(files).hasSize(JOBS);
    for (Path file : files) {
      JsonNode resource = new YAMLMapper().readTree(file.toFile());
      assertThat(Validate.errors(resource)).as("schema errors in %s", file).isEmpty();
      assertThat(file.getFileName().toString())
          .isEqualTo(resource.at("/spec/jobId").asText() + ".yaml");
    }
    assertThat(console.err())
        .contains("export: 150 jobs to read in project big-project")
        .contains("export: 150 of 150 jobs written to " + jobs)
        .contains("152 requests");

    northflank.setBudget(10_000, Duration.ofMinutes(1));
    console.reset();
    int inSync = run("diff", "-f", jobs.toString(), "--api-budget", "10000/1m");

    assertThat(inSync).as(console.err()).isZero();
    assertThat(console.out())
        .endsWith("Summary: 150 in sync, 0 drifted (0 fields, 0 correctable), 0 errors\n");

    northflank.updateJob(
        PROJECT,
        "job-00041",
        job -> ((ObjectNode) job.at("/settings/cron")).put("schedule", "5 5 * * *"));
    console.reset();
    int drifted = run("diff", "-f", jobs.toString(), "-o", "json", "--api-budget", "10000/1m");

    assertThat(drifted).isEqualTo(1);
    JsonNode report = new YAMLMapper().readTree(console.out());
    assertThat(report.at("/summary/drifted").asInt()).isEqualTo(1);
    JsonNode changed = report.at("/resources/40");
    assertThat(changed.get("name").asText()).isEqualTo("job-00041");
    assertThat(changed.get("result").asText()).isEqualTo("Drifted");
    assertThat(changed.get("drift"))
        .singleElement()
        .satisfies(
            drift -> {
              assertThat(drift.get("field").asText()).isEqualTo("settings.cron.schedule");
              assertThat(drift.get("actual").asText()).isEqualTo("5 5 * * *");
              assertThat(drift.get("correctable").asBoolean()).isTrue();
            });
  }

  private int run(String... args) {
    return Main.execute(
        args,
        Map.of(
            "NORTHFLANK_API_URL", northflank.baseUrl().toString(), "NORTHFLANK_API_TOKEN", TOKEN));
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
