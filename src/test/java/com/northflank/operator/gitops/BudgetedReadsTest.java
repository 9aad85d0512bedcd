package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.JobPage;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.NorthflankApiException.Kind;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.client.RunPage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every read waits for the operator's request budget; transient failures are retried. */
class BudgetedReadsTest {

  @Test
  void readsArePacedEvenlyByTheBudgetNeverInABurst() {
    FakeNorthflank fake = new FakeNorthflank("p");
    for (int i = 0; i < 8; i++) {
      ObjectNode job = LiveJobs.minimal();
      job.put("id", "job-" + i);
      fake.job(job);
    }
    List<Long> sentAt = new ArrayList<>();
    NorthflankApi timed =
        new NorthflankApi() {
          @Override
          public JobSnapshot getJob(JobRef ref, ApiToken token) {
            sentAt.add(System.nanoTime());
            return fake.getJob(ref, token);
          }

          @Override
          public JobPage listJobs(ProjectRef project, String cursor, int perPage, ApiToken token) {
            sentAt.add(System.nanoTime());
            return fake.listJobs(project, cursor, perPage, token);
          }

          @Override
          public JobSnapshot patchJob(
              JobRef ref, ObjectNode patch, JobSnapshot before, ApiToken token) {
            throw new AssertionError("export and diff never write");
          }

          @Override
          public RunPage listRuns(JobRef ref, int perPage, ApiToken token) {
            throw new AssertionError("export and diff never read runs");
          }

          @Override
          public JobSnapshot createJob(ProjectRef project, ObjectNode request, ApiToken token) {
            throw new AssertionError("export and diff never create");
          }

          @Override
          public boolean deleteJob(JobRef ref, ApiToken token) {
            throw new AssertionError("export and diff never delete");
          }
        };
    ApiBudget budget = ApiBudget.parse("20/1s");
    BudgetedReads reads =
        new BudgetedReads(
            timed,
            new RequestBudget(budget),
            budget,
            FakeNorthflank.TOKEN,
            new RequestLedger(budget, Clock.systemUTC()));

    ProjectRef project = new ProjectRef(null, "p");
    reads.listJobs(project).forEach(summary -> reads.getJob(project.job(summary.id())));

    // 20/1s leaves a slot every 1/(19 x 0.95) s = 55 ms for routine reads, the operator's own
    // pacing; a read may come up to 20 ms early, or late when the machine is busy (and the next
    // one then soon after it, in its own slot), but no read goes before its slot: the i-th comes
    // at least i - 1 slots after the first (which may have taken the priority lane)
    assertThat(sentAt).hasSize(9);
    for (int i = 2; i < sentAt.size(); i++) {
      assertThat(sentAt.get(i) - sentAt.get(0))
          .as("request %d after the first", i)
          .isGreaterThan(Duration.ofMillis((i - 1) * 55L - 20).toNanos());
    }
    assertThat(sentAt.get(8) - sentAt.get(0)).isGreaterThan(Duration.ofMillis(8 * 50).toNanos());
  }

  @Test
  void aTransientFailureIsRetriedAfterTheServersRetryAfter() {
    FakeNorthflank fake = new FakeNorthflank("p").job(LiveJobs.seed());
    fake.failGet(
        "example-job",
        new NorthflankApiException(
            Kind.RATE_LIMITED,
            "HTTP 429",
            OptionalInt.of(429),
            Optional.of(Duration.ofMillis(30)),
            null),
        new NorthflankApiException(
            Kind.UNAVAILABLE,
            "HTTP 503",
            OptionalInt.of(503),
            Optional.of(Duration.ofMillis(30)),
            null));

    JobSnapshot live = fake.reads().getJob(new JobRef(null, "p", "example-job"));

    assertThat(live.job().id()).isEqualTo("example-job");
    assertThat(fake.calls).hasSize(3);
  }

  @Test
  void retriesStopAfterThreeAttempts() {
    FakeNorthflank fake = new FakeNorthflank("p").job(LiveJobs.seed());
    NorthflankApiException down =
        new NorthflankApiException(
            Kind.UNAVAILABLE,
            "HTTP 503",
            OptionalInt.of(503),
            Optional.of(Duration.ofMillis(10)),
            null);
    fake.failGet("example-job", down, down, down, down);

    assertThatThrownBy(() -> fake.reads().getJob(new JobRef(null, "p", "example-job")))
        .isSameAs(down);
    assertThat(fake.calls).hasSize(BudgetedReads.ATTEMPTS);
  }

  @Test
  void aFailureRetryingCannotFixIsNotRetried() {
    FakeNorthflank fake = new FakeNorthflank("p");

    assertThatThrownBy(() -> fake.reads().getJob(new JobRef(null, "p", "missing")))
        .isInstanceOf(NorthflankApiException.class)
        .hasMessageContaining("HTTP 404");
    assertThat(fake.calls).hasSize(1);
  }
}
