package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The footprint scenario end to end on a few jobs, with the product jar in a child JVM (what the
 * bench starts without Docker; ImageIT runs it on the image): every figure is measured and printed.
 * The figures are not asserted against their targets here, a JDK 17 child JVM is not the image.
 */
class FootprintRunIT {

  @Test
  void aSmallRunOfTheProductJarMeasuresEveryFigure() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    FootprintRun.Result result;
    try (OperatorLauncher launcher =
        OperatorLauncher.prepare(
            OperatorLauncher.Kind.JAR,
            OperatorLauncher.IMAGE_TARBALL,
            OperatorLauncher.PRODUCT_JAR,
            Map.of())) {
      result =
          new FootprintRun(
                  new FootprintRun.Settings(
                      20,
                      2,
                      256 * FootprintRun.Settings.MIB,
                      256 * FootprintRun.Settings.MIB,
                      2,
                      Duration.ofSeconds(1),
                      Duration.ZERO),
                  launcher,
                  new PrintStream(progress, true, StandardCharsets.UTF_8))
              .run();
    }

    assertThat(result.inContainer()).isFalse();
    assertThat(result.readyEmpty()).hasSize(2);
    assertThat(result.readyWithJobs()).hasSize(2);
    assertThat(result.readyEmpty())
        .allSatisfy(
            start -> {
              assertThat(start.wall()).isPositive();
              assertThat(start.cpu()).isPositive();
            });
    assertThat(result.idle().rss()).isPositive();
    assertThat(result.synced().rss()).isPositive();
    // jcmd, from the JDK running this test, attaches to the child JVM
    assertThat(result.idle().heap()).isPresent();
    assertThat(result.synced().heap()).isPresent();
    assertThat(result.limit().synced()).isEqualTo(20);
    assertThat(result.limit().exit()).isEmpty();
    assertThat(FootprintTable.format(result))
        .contains(
            "the product jar in a child JVM",
            "start to /readyz, empty cluster (median of 2)",
            "RSS with 20 jobs synced",
            "live heap per job",
            "20 jobs under MaxRAM 256m");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("20 jobs created and synced");
  }
}
