package com.northflank.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncScheduleTest {

  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private final SyncSchedule schedule =
      new SyncSchedule(
          INTERVAL,
          new RequestBudget(ApiBudget.parse("1000/1h")),
          new JitteredRetry(Duration.ofSeconds(2), Duration.ofSeconds(60)));

  @Test
  void transientFailuresBackOffFurtherWhileTheyRepeat() {
    NorthflankJob job = job("a");

    SyncSchedule.Backoff first = schedule.afterTransientFailure(job);
    SyncSchedule.Backoff second = schedule.afterTransientFailure(job);
    SyncSchedule.Backoff third = schedule.afterTransientFailure(job);

    assertThat(first.attempt()).isEqualTo(1);
    assertThat(first.delay()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.delay()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
    assertThat(third.attempt()).isEqualTo(3);
    assertThat(third.delay()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
    assertThat(schedule.afterTransientFailure(job("b")).attempt()).as("another job").isEqualTo(1);
  }

  @Test
  void aSuccessfulReadOrADeletionStartsTheBackoffOver() {
    NorthflankJob job = job("a");
    schedule.afterTransientFailure(job);
    schedule.afterTransientFailure(job);

    schedule.next(job);

    assertThat(schedule.afterTransientFailure(job).attempt()).isEqualTo(1);
    schedule.afterTransientFailure(job);
    schedule.forget(SyncSchedule.key(job));
    assertThat(schedule.afterTransientFailure(job).attempt()).isEqualTo(1);
  }

  /**
   * A resource admitted before the CRD refused short intervals (or by an API server without CEL)
   * is read at the floor; longer ones are as declared, and one beyond a day (InvalidSpec) falls
   * back to the default.
   */
  @Test
  void aDeclaredIntervalBelowTheFloorIsRaisedToIt() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("1000/1h"));
    SyncSchedule floored =
        new SyncSchedule(
            INTERVAL, Duration.ofSeconds(10), budget, JitteredRetry.forSyncInterval(INTERVAL));

    assertThat(floored.interval(job("greedy", "1ms"))).isEqualTo(Duration.ofSeconds(10));
    assertThat(floored.interval(job("quick", "9s"))).isEqualTo(Duration.ofSeconds(10));
    assertThat(floored.interval(job("steady", "90s"))).isEqualTo(Duration.ofSeconds(90));
    assertThat(floored.interval(job("too-long", "2562048h"))).isEqualTo(INTERVAL);
    assertThat(floored.interval(job("default", null))).isEqualTo(INTERVAL);
    assertThat(floored.effectiveInterval(job("greedy", "1ms")))
        .as("what the budget is told")
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void withoutAFloorOfItsOwnTheScheduleKeepsTheDefaultOneOrItsInterval() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("1000/1h"));

    assertThat(schedule.interval(job("greedy", "1ms"))).isEqualTo(Duration.ofSeconds(10));
    assertThat(new SyncSchedule(Duration.ofSeconds(1), budget).interval(job("greedy", "1ms")))
        .isEqualTo(Duration.ofSeconds(1));
  }

  private static NorthflankJob job(String name, String interval) {
    NorthflankJob job = job(name);
    job.setSpec(new NorthflankJobSpec("p", name, null, null, interval, null));
    return job;
  }

  private static NorthflankJob job(String name) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).build());
    return job;
  }
}
