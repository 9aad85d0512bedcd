package com.northflank.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The split of one token's routine budget between list sweeps and full reads, for (N, P, B). */
class SweepSplitTest {

  /** Routine requests per second of a budget (what {@link TokenBudget} derives). */
  private static double routine(String budget) {
    ApiBudget b = ApiBudget.parse(budget);
    double usable = b.requests() - Math.max(1, b.requests() / 500.0);
    return usable * (1 - TokenBudget.PRIORITY_SHARE) / (b.window().toNanos() / 1e9);
  }

  /** N jobs each wanting R requests per interval, P projects of equal size. */
  private static SweepSplit split(int n, int p, int r, Duration interval, String budget) {
    int perProject = (n + p - 1) / p;
    int sweepRequests = perProject < 2 ? 0 : p * ((perProject + 99) / 100);
    return SweepSplit.of(
        routine(budget), n * r / (interval.toNanos() / 1e9), n * (double) r, sweepRequests);
  }

  @Test
  void thousandJobsInTenProjectsOnATightBudgetSweepTenTimesPerFullReadCycle() {
    double rate = routine("600/1m");
    SweepSplit split = split(1000, 10, 1, Duration.ofSeconds(1), "600/1m");

    double fullReads = rate - split.sweepRate();
    double fullCycle = 1000 / fullReads;
    assertThat(split.sweepPeriod().orElseThrow().toNanos() / 1e9)
        .isCloseTo(fullCycle / SweepSplit.SWEEPS_PER_CYCLE, within(0.01));
    // other fields are seen within 1.25 x the plain-polling staleness N/r
    assertThat(fullCycle / (1000 / rate)).isLessThanOrEqualTo(1.25);
    assertThat(split.sweepRate() / rate).isLessThanOrEqualTo(SweepSplit.MAX_SWEEP_SHARE);
    assertThat(split.stretch()).isCloseTo(fullCycle, within(0.01));
  }

  @Test
  void withTheRunsTheCycleIsTwiceAsLongAndSoIsTheSweepPeriod() {
    SweepSplit without = split(1000, 10, 1, Duration.ofSeconds(1), "600/1m");
    SweepSplit with = split(1000, 10, 2, Duration.ofSeconds(1), "600/1m");

    assertThat(with.sweepPeriod().orElseThrow()).isGreaterThan(without.sweepPeriod().orElseThrow());
    assertThat(with.sweepRate()).isLessThan(without.sweepRate());
  }

  @Test
  void oneJobPerProjectNeverSweeps() {
    SweepSplit split = split(100, 100, 1, Duration.ofSeconds(1), "600/1m");

    assertThat(split.sweepPeriod()).isEmpty();
    assertThat(split.sweepRate()).isZero();
    assertThat(split.stretch()).isCloseTo(100 / routine("600/1m"), within(1e-9));
  }

  @Test
  void aBudgetLargerThanDemandSweepsFromTheSpareAndNeverStretchesADeclaredInterval() {
    // 100 jobs in 2 projects every 5m: sweeps every 30s, from what the full reads leave
    SweepSplit ample = split(100, 2, 1, Duration.ofMinutes(5), "100000/1h");

    assertThat(ample.stretch()).isEqualTo(1.0);
    assertThat(ample.sweepPeriod().orElseThrow()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aBudgetThatJustCoversTheJobsLetsSweepsStretchTheFullReadsALittle() {
    double rate = routine("1000/1h");
    // demand 95% of the routine rate: the spare 5% would sweep too rarely
    int jobs = (int) Math.floor(rate * 3600 * 0.95);
    SweepSplit tight = split(jobs, 4, 1, Duration.ofHours(1), "1000/1h");

    assertThat(tight.sweepRate()).isGreaterThan(0.05 * rate);
    assertThat(tight.sweepRate()).isLessThanOrEqualTo(SweepSplit.MAX_SWEEP_SHARE * rate);
    assertThat(tight.stretch()).isGreaterThan(1.0).isLessThanOrEqualTo(1.25);
  }

  @Test
  void manySmallProjectsAreCappedAtAFifthOfTheBudget() {
    double rate = routine("600/1m");
    // two jobs per project: a sweep costs half a full-read cycle's requests
    SweepSplit split = split(500, 250, 1, Duration.ofSeconds(1), "600/1m");

    assertThat(split.sweepRate()).isCloseTo(SweepSplit.MAX_SWEEP_SHARE * rate, within(1e-9));
    assertThat(split.stretch() / (500 / rate)).isCloseTo(1.25, within(1e-9));
  }

  @Test
  void demandWellBelowTheBudgetLeavesEveryIntervalAsDeclared() {
    // 20 jobs in one project at 1h on 1000/h: sweeps every 6 minutes, intervals untouched
    SweepSplit split = split(20, 1, 1, Duration.ofHours(1), "1000/1h");

    assertThat(split.stretch()).isEqualTo(1.0);
    assertThat(split.sweepPeriod().orElseThrow()).isEqualTo(Duration.ofMinutes(6));
  }

  @Test
  void theTokensBudgetStretchesFullReadsByTheSplitOnceSweepsAreKnown() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("600/1m"));
    ApiToken token = ApiToken.of("token-a");
    for (int i = 0; i < 1000; i++) {
      budget.register("ns/job-" + i, token, Duration.ofSeconds(1), 1);
    }
    Duration before = budget.effectiveInterval("ns/job-0", Duration.ofSeconds(1));

    Duration period = budget.sweepPeriod(token, 10).orElseThrow();
    Duration after = budget.effectiveInterval("ns/job-0", Duration.ofSeconds(1));

    assertThat(after).isGreaterThan(before);
    assertThat(after.toNanos() / (double) before.toNanos()).isLessThanOrEqualTo(1.25);
    assertThat(period.toNanos() * 10.0).isCloseTo(after.toNanos(), within(after.toNanos() * 0.01));
    assertThat(budget.sweepPeriod(token, 0)).isEmpty();
    assertThat(budget.effectiveInterval("ns/job-0", Duration.ofSeconds(1))).isEqualTo(before);
  }
}
