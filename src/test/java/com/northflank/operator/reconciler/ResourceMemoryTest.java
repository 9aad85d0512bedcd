package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.freshness.ListedFields;
import com.northflank.operator.freshness.WatchedJobs;
import com.northflank.operator.model.Condition;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.observability.JobMetrics;
import com.northflank.operator.scheduling.StartSpread;
import com.northflank.operator.scheduling.SyncSchedule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the operator keeps of a resource, and that a deletion takes all of it at once. */
class ResourceMemoryTest {

  private static final ApiToken TOKEN = ApiToken.of("nf-memory-token");
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final String LABELS = "{name=\"nightly\",namespace=\"team-a\"}";

  // two requests a second cannot cover a job read every second with its runs: its interval
  // stretches
  private final RequestBudget budget = new RequestBudget(ApiBudget.parse("2/1s"));
  private final SyncSchedule schedule = new SyncSchedule(SECOND, budget);
  private final AtomicInteger draws = new AtomicInteger();
  private final StartSpread spread =
      new StartSpread(
          Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC),
          () -> {
            draws.incrementAndGet();
            return 0.5;
          });
  private final WatchedJobs watched = new WatchedJobs();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JobMetrics metrics = new JobMetrics(registry);
  private final ResourceMemory memory =
      new ResourceMemory(budget, schedule, spread, watched, metrics);
  private final NorthflankJob job = syncedJob();
  private final String key = SyncSchedule.key(job);

  @BeforeEach
  void remember() {
    budget.register(key, TOKEN, SECOND, 2);
    schedule.afterTransientFailure(job);
    spread.putOff(job, false, Duration.ofMinutes(10));
    watched.observe(
        key,
        ResourceID.fromResource(job),
        TOKEN,
        new ProjectRef(null, "p"),
        "nightly",
        ListedFields.implied(job.getStatus(), null));
    metrics.statusComputed(job, job.getStatus());
  }

  @Test
  void whatAReconcileLeavesBehindIsThere() {
    assertThat(budget.effectiveInterval(key, SECOND)).isGreaterThan(SECOND);
    assertThat(schedule.afterTransientFailure(job).attempt()).isEqualTo(2);
    assertThat(watched.isWatched(key)).isTrue();
    assertThat(registry.scrape()).contains("northflank_job_synced" + LABELS + " 1.0");
  }

  @Test
  void aDeletedResourceIsForgottenEverywhereAtOnce() {
    memory.forget(ResourceID.fromResource(job));

    assertThat(budget.effectiveInterval(key, SECOND)).as("budget share").isEqualTo(SECOND);
    assertThat(schedule.afterTransientFailure(job).attempt()).as("backoff").isEqualTo(1);
    assertThat(watched.isWatched(key)).as("swept").isFalse();
    assertThat(registry.scrape()).as("metric series").doesNotContain(LABELS);
    spread.putOff(job, false, Duration.ofMinutes(10));
    assertThat(draws).as("a new place in the start spread").hasValue(2);
  }

  @Test
  void anUnrecordedCorrectionIsKeptUntilTheStatusShowsItAndForgottenWithTheResource() {
    LastCorrection answered =
        new LastCorrection(
            "2026-11-28T10:00:00Z", List.of("suspended"), LastCorrection.APPLIED, 1L, null);
    memory.unrecorded().answered(key, answered);

    assertThat(memory.unrecorded().pending(key, job.getStatus())).contains(answered);
    memory.forget(ResourceID.fromResource(job));
    assertThat(memory.unrecorded().pending(key, job.getStatus())).isEmpty();

    memory.unrecorded().answered(key, answered);
    assertThat(memory.unrecorded().pending(key, job.getStatus().withLastCorrection(answered)))
        .as("recorded")
        .isEmpty();
    assertThat(memory.unrecorded().pending(key, job.getStatus())).as("forgotten once recorded")
        .isEmpty();
  }

  @Test
  void forgettingTwiceChangesNothing() {
    memory.forget(ResourceID.fromResource(job));
    memory.forget(ResourceID.fromResource(job));

    assertThat(watched.isWatched(key)).isFalse();
    assertThat(registry.scrape()).doesNotContain(LABELS);
  }

  /** A pause annotation that is neither "true" nor "false" is warned of once per value. */
  @Test
  void anInvalidPauseIsNewOncePerValueAndAgainAfterItWasFixedOrForgotten() {
    assertThat(memory.invalidPauseIsNew(job, Optional.of("yes"))).isTrue();
    assertThat(memory.invalidPauseIsNew(job, Optional.of("yes"))).isFalse();
    assertThat(memory.invalidPauseIsNew(job, Optional.of("no"))).isTrue();
    assertThat(memory.invalidPauseIsNew(job, Optional.empty())).isFalse();
    assertThat(memory.invalidPauseIsNew(job, Optional.of("no"))).isTrue();

    memory.forget(ResourceID.fromResource(job));

    assertThat(memory.invalidPauseIsNew(job, Optional.of("no"))).isTrue();
  }

  @Test
  void aPausedResourceGivesUpItsBudgetShareAndSweepsButStaysKnown() {
    memory.paused(job);

    assertThat(budget.effectiveInterval(key, SECOND)).isEqualTo(SECOND);
    assertThat(watched.isWatched(key)).isFalse();
    assertThat(schedule.afterTransientFailure(job).attempt()).isEqualTo(2);
    assertThat(registry.scrape()).contains("northflank_job_synced" + LABELS + " 1.0");
  }

  private static NorthflankJob syncedJob() {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("nightly")
            .withGeneration(1L)
            .build());
    job.setSpec(new NorthflankJobSpec("p", "nightly", null, null, "1s", null));
    job.setStatus(
        new NorthflankJobStatus(
            1L,
            "cron",
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            0,
            List.of(
                new Condition(
                    ConditionTypes.SYNCED,
                    Condition.TRUE,
                    "Fetched",
                    "",
                    "2026-12-02T09:00:00Z",
                    1L)),
            null));
    return job;
  }
}
