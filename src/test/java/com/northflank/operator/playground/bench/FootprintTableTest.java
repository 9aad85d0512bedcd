package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FootprintTableTest {

  private static final long MIB = FootprintRun.Settings.MIB;

  @Test
  void eachFigureStandsBesideItsTargetAndSaysWhetherItMeetsIt() {
    FootprintRun.Result result =
        result(
            List.of(start(1300, 900), start(1200, 800), start(2100, 1000)),
            new FootprintRun.LimitOutcome(
                160 * MIB, true, 1000, 1000, Optional.empty(), memory(126 * MIB, 130 * MIB)),
            OptionalLong.of(44 * MIB));

    String table = FootprintTable.format(result);

    assertThat(table)
        .containsPattern(
            "start to /readyz, empty cluster \\(median of 3\\) +1\\.30 s \\(CPU 0\\.90 s\\)"
                + " \\(met\\) +<= 1\\.50 s")
        .containsPattern("RSS idle \\(--memory 256m\\) +90\\.0 MiB \\(met\\) +<= 96 MiB")
        .containsPattern("RSS with 1000 jobs synced +129\\.1 MiB \\(MISSED\\) +<= 128 MiB")
        .containsPattern("RSS per job +40\\.0 KiB")
        .containsPattern("live heap per job +10\\.0 KiB")
        .containsPattern(
            "1000 jobs under --memory 160m +1000 synced, running, peak RSS 130\\.0 MiB \\(met\\)")
        .containsPattern("image, compressed +44\\.0 MiB \\(met\\) +<= 45 MiB");
  }

  @Test
  void anOperatorKilledUnderTheLimitMissesIt() {
    FootprintRun.Result result =
        result(
            List.of(start(1000, 800)),
            new FootprintRun.LimitOutcome(
                160 * MIB,
                true,
                655,
                1000,
                Optional.of(new OperatorProcess.Exit(137, true)),
                memory(0, 0)),
            OptionalLong.empty());

    assertThat(FootprintTable.format(result))
        .containsPattern("655 synced, OOM-killed \\(exit 137\\) \\(MISSED\\)")
        .contains("(no tarball)");
  }

  @Test
  void withoutAContainerTheLimitIsMetOnlyBelowItsPeakRss() {
    FootprintRun.LimitOutcome over =
        new FootprintRun.LimitOutcome(
            160 * MIB, false, 1000, 1000, Optional.empty(), memory(150 * MIB, 170 * MIB));
    FootprintRun.LimitOutcome under =
        new FootprintRun.LimitOutcome(
            160 * MIB, false, 1000, 1000, Optional.empty(), memory(150 * MIB, 155 * MIB));

    assertThat(over.survived()).isFalse();
    assertThat(under.survived()).isTrue();
  }

  private static FootprintRun.Result result(
      List<FootprintRun.Start> starts, FootprintRun.LimitOutcome limit, OptionalLong image) {
    FootprintRun.Memory idle =
        new FootprintRun.Memory(new ProcessMemory(90 * MIB, 92 * MIB), OptionalLong.of(9 * MIB));
    FootprintRun.Memory synced =
        new FootprintRun.Memory(
            new ProcessMemory(90 * MIB + 1000 * 40 * 1024, 131 * MIB),
            OptionalLong.of(9 * MIB + 1000 * 10 * 1024));
    return new FootprintRun.Result(
        "the image in Docker",
        true,
        image,
        FootprintRun.Settings.DEFAULTS,
        starts,
        starts,
        idle,
        synced,
        Duration.ofSeconds(20),
        limit);
  }

  private static FootprintRun.Start start(long wallMillis, long cpuMillis) {
    return new FootprintRun.Start(Duration.ofMillis(wallMillis), Duration.ofMillis(cpuMillis));
  }

  private static FootprintRun.Memory memory(long rss, long peak) {
    return new FootprintRun.Memory(new ProcessMemory(rss, peak), OptionalLong.empty());
  }
}
