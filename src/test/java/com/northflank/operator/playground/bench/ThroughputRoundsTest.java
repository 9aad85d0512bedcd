package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputRoundsTest {

  @Test
  void theTableShowsTheMedianRoundWholeAndEveryRoundsRatioInOrder() {
    ThroughputRun.Result slow = round(1100, 1.0);
    ThroughputRun.Result fast = round(1000, 3.0);
    ThroughputRun.Result middle = round(1050, 2.0);

    ThroughputRounds rounds = new ThroughputRounds(List.of(slow, fast, middle));

    assertThat(rounds.median()).isSameAs(middle);
    assertThat(rounds.ratios()).isEqualTo("0.82 0.90 0.86");
    assertThat(rounds.jobs()).isEqualTo(1000);
  }

  @Test
  void oneRoundIsItsOwnMedianAndAnEvenCountTakesTheUpperMiddle() {
    ThroughputRun.Result only = round(1000, 1.0);
    assertThat(new ThroughputRounds(List.of(only)).median()).isSameAs(only);

    ThroughputRun.Result lower = round(1100, 1.0);
    ThroughputRun.Result upper = round(1000, 2.0);
    assertThat(new ThroughputRounds(List.of(upper, lower)).median()).isSameAs(upper);
    assertThatThrownBy(() -> new ThroughputRounds(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A 1000-job round whose operator took {@code operatorMillis} against an informer's 900. */
  private static ThroughputRun.Result round(long operatorMillis, double heapKib) {
    return new ThroughputRun.Result(
        1000,
        Duration.ofMillis(operatorMillis),
        Duration.ofMillis(850),
        Duration.ofMillis(900),
        2.0,
        1000,
        0,
        heapKib * 1024);
  }
}
