package com.northflank.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.model.NorthflankJob;
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

  private static NorthflankJob job(String name) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).build());
    return job;
  }
}
