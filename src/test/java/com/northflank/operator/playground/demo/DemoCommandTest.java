package com.northflank.operator.playground.demo;

import com.northflank.operator.playground.cli.PlaygroundMain;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.northflank.operator.testing.MarkdownBlocks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import com.northflank.operator.cli.OptionTypes;
import com.northflank.operator.config.DurationParser;
import java.time.Duration;

/** The walkthrough that {@code java -jar ... demo} runs, in-process. */
class DemoCommandTest {

  /**
   * Each step waits for the operator's next read of the job, so the walkthrough holds for any
   * interval the option accepts (at 30s it used to give up after 30 s with a stack trace). The
   * walkthrough itself at 30s takes about two minutes: see the transcript in issue 24's note.
   */
  @ParameterizedTest
  @ValueSource(strings = {"2s", "30s", "5m", "1h"})
  void eachStepWaitsLongerThanTheSyncIntervalWithItsJitter(String interval) {
    DemoCommand demo = new DemoCommand();
    OptionTypes.register(new CommandLine(demo)).parseArgs("--sync-interval", interval);

    Duration longestRead = DurationParser.parse(interval).multipliedBy(11).dividedBy(10);

    assertThat(demo.patience()).isGreaterThan(longestRead.plusSeconds(10));
  }

  /** What the walkthrough printed and its exit code; it runs once for the tests below. */
  private static String output;

  private static int code;

  @BeforeAll
  static void runTheWalkthrough() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code = PlaygroundMain.execute(new String[] {"demo"}, Map.of());
    } finally {
      System.setOut(original);
    }
    output = captured.toString(StandardCharsets.UTF_8);
  }

  /**
   * The README's tour is the walkthrough's output: each of its lines, in its order, is a line the
   * demo printed, but for what moves from run to run (ages, times, the request count).
   */
  @Test
  void theReadmesTourIsWhatTheWalkthroughPrints() {
    List<MarkdownBlocks.Block> tour =
        MarkdownBlocks.marked(List.of(Path.of("README.md")), "what the demo prints");
    assertThat(tour).as("the README's block marked <!-- what the demo prints -->").hasSize(1);
    List<String> printed = output.lines().map(DemoCommandTest::steady).toList();

    int at = 0;
    for (String line : tour.get(0).text().lines().toList()) {
      if (line.isBlank() || line.equals("...")) {
        continue;
      }
      int found = printed.subList(at, printed.size()).indexOf(steady(line));
      assertThat(found)
          .as(
              "README line, after the lines before it, among what the demo printed:%n%s%n%s",
              line,
              output)
          .isNotNegative();
      at += found + 1;
    }
  }

  /** A line without what moves between two runs of the demo; columns follow the widths. */
  private static String steady(String line) {
    return line.replaceAll("Elapsed: [0-9.]+s", "Elapsed: Ns")
        .replaceAll("\\b\\d+[smhd](\\d+[smh])?\\b", "AGE")
        .replaceAll("requests: \\d+", "requests: N")
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "TIME")
        .strip()
        .replaceAll(" +", " ");
  }

  @Test
  void whatTheDemoAppliesInsteadOfKubectlPatchIsFollowedByWhatKubectlPrints() {
    assertThat(output)
        .contains(
            "--type merge -p '{\"spec\":{\"driftPolicy\":\"Correct\"}}'` would:\n"
                + "  northflankjob.northflank.com/example-job patched\n");
  }

  @Test
  void theWalkthroughShowsDriftFlaggedAndClearedAndExitsZero() {

    assertThat(code).as(output).isZero();
    String[] tables = output.split("\\$ kubectl get nfjob -n demo -o wide");
    assertThat(tables).as(output).hasSize(6);
    assertThat(tables[1])
        .containsPattern(
            "PROJECT +JOB +TYPE +SCHEDULE +SUSPENDED +DRIFTED +READY +LAST-RUN +LAST-RUN-STARTED"
                + " +AGE")
        .containsPattern(
            "example-job +default-project +example-job +cron +30 8 \\* \\* \\* +false +False +True"
                + " +Succeeded")
        .containsPattern("manual-job +default-project +manual-job +manual +False +True");
    assertThat(tables[2])
        .containsPattern(
            "example-job +default-project +example-job +cron +0 \\* \\* \\* \\* +false +True"
                + " +False")
        .containsPattern("settings.cron.schedule +30 8 \\* \\* \\* +0 \\* \\* \\* \\*")
        .containsPattern("settings.cron.concurrencyPolicy +Allow +Forbid")
        .containsPattern("Warning +DriftDetected +northflankjob/example-job");
    assertThat(tables[3])
        .containsPattern(
            "example-job +default-project +example-job +cron +30 8 \\* \\* \\* +false +False +True")
        .containsPattern("Normal +DriftResolved +northflankjob/example-job");
    assertThat(tables[3])
        .contains("--type merge -p '{\"spec\":{\"driftPolicy\":\"Correct\"}}'` would:")
        .contains(
            "The operator's PATCH, as the Northflank API received it:\n"
                + "  PATCH /v1/projects/default-project/jobs/example-job"
                + " {\"settings\":{\"cron\":{\"concurrencyPolicy\":\"allow\","
                + "\"schedule\":\"30 8 * * *\"}}}  -> 200");
    assertThat(tables[4])
        .containsPattern(
            "example-job +default-project +example-job +cron +30 8 \\* \\* \\* +false +False +True"
                + " .* +Correct")
        .contains("\"result\":\"Applied\"")
        .containsPattern(
            "Normal +DriftCorrected +northflankjob/example-job +Corrected"
                + " settings.cron.concurrencyPolicy, settings.cron.schedule in Northflank");
    assertThat(tables[4]).contains("== A run of the cron job fails in Northflank");
    assertThat(tables[5])
        .as("the failed run: LAST-RUN Failed, Ready still True, one RunFailed Event")
        .containsPattern(
            "example-job +default-project +example-job +cron +30 8 \\* \\* \\* +false +False +True"
                + " +Failed +2m3\\ds")
        .containsPattern("manual-job .* +Succeeded ")
        .containsPattern("\"status\":\"Failed\",\"startedAt\":\"[^\"]+\",\"concludedAt\"")
        .contains("LastRunSucceeded=False (RunFailed): Run example-job-")
        .containsPattern(
            "Warning +RunFailed +northflankjob/example-job +Run example-job-\\w+ failed");
    assertThat(tables[5].lines().filter(l -> l.matches("\\S+ +Warning +RunFailed .*")).count())
        .isEqualTo(1);
  }
}
