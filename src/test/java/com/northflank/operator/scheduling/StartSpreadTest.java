package com.northflank.operator.scheduling;

import com.northflank.operator.model.ConditionTypes;
import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.Condition;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartSpreadTest {

  private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(10);

  private static NorthflankJob job(
      String name, long generation, Long observed, String synced, String lastSync) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("ns")
            .withName(name)
            .withGeneration(generation)
            .build());
    job.setSpec(new NorthflankJobSpec("p", name, null, null, null, null));
    if (synced != null) {
      job.setStatus(
          new NorthflankJobStatus(
              observed,
              "cron",
              false,
              null,
              null,
              null,
              null,
              null,
              lastSync,
              List.of(),
              0,
              List.of(
                  new Condition(
                      ConditionTypes.SYNCED,
                      synced,
                      "Fetched",
                      "",
                      "2026-12-02T09:00:00Z",
                      observed)),
              null));
    }
    return job;
  }

  @Test
  void aSyncedResourceIsFirstReadAtItsShareOfTheInterval() {
    StartSpread spread = new StartSpread(Clock.fixed(START, ZoneOffset.UTC), () -> 0.25);

    assertThat(spread.putOff(job("a", 1, 1L, "True", null), false, INTERVAL))
        .contains(Duration.ofSeconds(150));
  }

  @Test
  void theShareFollowsTheIntervalAsTheBudgetLearnsEveryJob() {
    StartSpread spread = new StartSpread(Clock.fixed(START, ZoneOffset.UTC), () -> 0.5);
    NorthflankJob job = job("a", 1, 1L, "True", null);

    spread.putOff(job, false, Duration.ofMinutes(1));

    assertThat(spread.putOff(job, false, INTERVAL)).contains(Duration.ofMinutes(5));
  }

  @Test
  void urgentNewChangedOrFailedResourcesAreReadAtOnce() {
    StartSpread spread = new StartSpread(Clock.fixed(START, ZoneOffset.UTC), () -> 0.9);

    assertThat(spread.putOff(job("new", 1, null, null, null), false, INTERVAL)).isEmpty();
    assertThat(spread.putOff(job("changed", 2, 1L, "True", null), false, INTERVAL)).isEmpty();
    assertThat(spread.putOff(job("failed", 1, 1L, "False", null), false, INTERVAL)).isEmpty();
    assertThat(spread.putOff(job("flagged", 1, 1L, "True", null), true, INTERVAL)).isEmpty();
  }

  @Test
  void onceReadTheResourceIsNeverPutOffAgain() {
    MutableClock clock = new MutableClock(START);
    StartSpread spread = new StartSpread(clock, () -> 0.1);
    NorthflankJob job = job("a", 1, 1L, "True", null);

    assertThat(spread.putOff(job, false, INTERVAL)).contains(Duration.ofMinutes(1));
    clock.now = START.plus(Duration.ofMinutes(1));
    assertThat(spread.putOff(job, false, INTERVAL)).isEmpty();
    clock.now = START.plus(Duration.ofMinutes(2));
    assertThat(spread.putOff(job, false, Duration.ofHours(5))).isEmpty();
  }

  @Test
  void aLastSyncTimeWhoseIntervalEndsSoonerIsAnUpperBound() {
    StartSpread spread = new StartSpread(Clock.fixed(START, ZoneOffset.UTC), () -> 0.9);

    assertThat(
            spread.putOff(
                job("a", 1, 1L, "True", START.minus(Duration.ofMinutes(8)).toString()),
                false,
                INTERVAL))
        .contains(Duration.ofMinutes(2));
    // a lastSyncTime older than an interval says nothing (it moves only on change or heartbeat)
    assertThat(
            spread.putOff(
                job("b", 1, 1L, "True", START.minus(Duration.ofHours(3)).toString()),
                false,
                INTERVAL))
        .contains(Duration.ofMinutes(9));
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
