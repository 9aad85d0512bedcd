package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SoakTableTest {

  private static final long MIB = FootprintRun.Settings.MIB;

  @Test
  void growthReconcilesAndObservationsStandBesideTheirTargets() {
    SoakRun.Result result =
        result(
            memory(140 * MIB, 20 * MIB),
            memory(143 * MIB, 20 * MIB + MIB / 2),
            List.of(
                minute(1, false, 2000),
                minute(2, false, 1000),
                minute(3, true, 6000),
                minute(4, false, 300),
                minute(5, false, 1050),
                minute(6, false, 980)),
            0);

    String table = SoakTable.format(result);

    assertThat(table)
        .containsPattern(
            "RSS at minute 5 / at the end +140\\.0 MiB / 143\\.0 MiB \\(\\+2\\.1%\\) \\(met\\)")
        .containsPattern(
            "live heap after GC at minute 5 / at the end +20\\.0 MiB / 20\\.5 MiB \\(\\+2\\.5%\\)"
                + " \\(met\\)")
        // minute 1 (the start's reads) and minute 4 (after faults) are not steady minutes
        .containsPattern(
            "reconciles per minute, no faults: median \\(min-max\\) +1000 \\(980-1050\\) \\(met\\)")
        .containsPattern(
            "the minute after faults \\(retries drain\\): median \\(min-max\\) +300 \\(300-300\\)")
        .containsPattern("minutes with faults: median \\(min-max\\) +6000 \\(6000-6000\\)")
        .containsPattern("runs started / observed / never observed +500 / 500 / 0 \\(met\\)");
  }

  @Test
  void growthUnsteadyMinutesAndLostRunsMissTheirTargets() {
    SoakRun.Result result =
        result(
            memory(140 * MIB, 20 * MIB),
            memory(150 * MIB, 22 * MIB),
            List.of(minute(1, false, 2000), minute(2, false, 1000), minute(3, false, 700)),
            3);

    assertThat(SoakTable.format(result))
        .containsPattern("\\(\\+7\\.1%\\) \\(MISSED\\)")
        .containsPattern("\\(\\+10\\.0%\\) \\(MISSED\\)")
        .containsPattern("1000 \\(700-1000\\) \\(MISSED\\)")
        .containsPattern("500 / 497 / 3 \\(MISSED\\)");
  }

  private static SoakRun.Result result(
      FootprintRun.Memory atMinute5,
      FootprintRun.Memory atEnd,
      List<SoakRun.Minute> minutes,
      long lost) {
    return new SoakRun.Result(
        "the image in Docker",
        SoakRun.Settings.defaults(160 * MIB).withDuration(Duration.ofMinutes(minutes.size())),
        atMinute5,
        atEnd,
        minutes,
        500,
        500 - lost,
        lost,
        Duration.ofSeconds(60));
  }

  private static SoakRun.Minute minute(int minute, boolean faults, long reconciles) {
    return new SoakRun.Minute(minute, faults, reconciles, 140 * MIB);
  }

  private static FootprintRun.Memory memory(long rss, long heap) {
    return new FootprintRun.Memory(new ProcessMemory(rss, rss), OptionalLong.of(heap));
  }
}
