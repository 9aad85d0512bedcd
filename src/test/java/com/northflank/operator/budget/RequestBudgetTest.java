package com.northflank.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiCall;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.RateLimitSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestBudgetTest {

  private static final ApiToken TOKEN = ApiToken.of("token-a");
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void parsesBudgets() {
    assertThat(ApiBudget.parse("1000/1h")).isEqualTo(new ApiBudget(1000, Duration.ofHours(1)));
    assertThat(ApiBudget.parse(" 20 / 1s ").rate()).isEqualTo(20.0);
    assertThat(ApiBudget.NORTHFLANK_DEFAULT.toString()).isEqualTo("1000/1h");
    assertThatThrownBy(() -> ApiBudget.parse("1000 per hour"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiBudget.parse("0/1h")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyNewJobsAreGivenSlotsOneAfterAnotherNotABurst() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));

    List<Admission> admissions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      admissions.add(budget.admit("ns/job-" + i, TOKEN, SECOND, true));
    }

    long now = admissions.stream().filter(Admission.Now.class::isInstance).count();
    assertThat(now).as("one priority and one routine permit are free at first").isEqualTo(2);
    List<Duration> waits =
        admissions.stream()
            .filter(Admission.Later.class::isInstance)
            .map(a -> ((Admission.Later) a).delay())
            .toList();
    // 19 usable requests/s, 95% routine: a slot every ~55ms
    for (int i = 1; i < waits.size(); i++) {
      assertThat(waits.get(i).minus(waits.get(i - 1)))
          .isBetween(Duration.ofMillis(40), Duration.ofMillis(70));
    }
    assertThat(waits.get(waits.size() - 1)).isLessThan(Duration.ofMillis(600));
  }

  @Test
  void aReservedSlotIsKeptUntilItIsDueThenTheReadGoesAhead() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("2/1s"));
    budget.admit("ns/a", TOKEN, SECOND, false);

    Admission first = budget.admit("ns/b", TOKEN, SECOND, false);
    Admission early = budget.admit("ns/b", TOKEN, SECOND, false);

    assertThat(first).isInstanceOf(Admission.Later.class);
    assertThat(((Admission.Later) early).delay())
        .isLessThanOrEqualTo(((Admission.Later) first).delay());
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> budget.admit("ns/b", TOKEN, SECOND, false) instanceof Admission.Now);
  }

  @Test
  void aQueueLongerThanTheLimiterReservesAheadWaitsInsteadOfBursting() {
    // one usable routine read per ~25h: the second job's slot is beyond a day
    RequestBudget budget = new RequestBudget(ApiBudget.parse("2/24h"));

    assertThat(budget.admit("ns/a", TOKEN, SECOND, false)).isEqualTo(Admission.NOW);
    assertThat(budget.admit("ns/b", TOKEN, SECOND, false))
        .isInstanceOfSatisfying(
            Admission.Later.class,
            later -> assertThat(later.delay()).isGreaterThanOrEqualTo(Duration.ofHours(23)));
  }

  @Test
  void intervalsStretchFairlyWhenTheBudgetCannotCoverThem() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 100; i++) {
      budget.admit("ns/job-" + i, TOKEN, SECOND, false);
    }
    budget.admit("ns/slow", TOKEN, Duration.ofSeconds(10), false);

    Duration fast = budget.effectiveInterval("ns/job-0", SECOND);
    Duration slow = budget.effectiveInterval("ns/slow", Duration.ofSeconds(10));

    // demand 100.1 reads/s against 18.05 routine reads/s: a fair share is 18.05/101 = 0.179/s,
    // more than the slow job asks for (0.1/s), so it keeps its interval and the hundred fast jobs
    // share the rest, (18.05 - 0.1)/100 each (issue 21: max-min fairness, not one factor for all)
    assertThat(fast.toMillis()).isBetween(5500L, 5600L);
    assertThat(slow).isEqualTo(Duration.ofSeconds(10));
  }

  /**
   * Issue 21, finding 4: one resource asking 1ms (were the CRD and the floor both bypassed) used
   * to stretch every interval on its token by the same factor, a 5m job to about four weeks. Now
   * it is held to what the others leave, and they keep their intervals.
   */
  @Test
  void oneResourceAsking1msCannotStretchAnotherBeyondItsFairShare() {
    RequestBudget budget = new RequestBudget(ApiBudget.NORTHFLANK_DEFAULT);
    Duration fiveMinutes = Duration.ofMinutes(5);
    for (int i = 0; i < 10; i++) {
      budget.register("ns/steady-" + i, TOKEN, fiveMinutes, 2);
    }
    budget.register("ns/greedy", TOKEN, Duration.ofMillis(1), 2);

    // 998 usable requests/h, 95% routine: 0.2634/s; ten 5m jobs want 0.0667/s of it
    assertThat(budget.effectiveInterval("ns/steady-0", fiveMinutes)).isEqualTo(fiveMinutes);
    Duration greedy = budget.effectiveInterval("ns/greedy", Duration.ofMillis(1));
    assertThat(greedy.toMillis()).as("2 requests at 0.1967/s").isBetween(10_100L, 10_250L);
  }

  /**
   * With N jobs on a token, none is held below min(its demand, capacity / N), whatever the others
   * ask for: the greedy ones share what the modest ones leave.
   */
  @Test
  void everyJobKeepsAtLeastItsFairShareWhateverTheOthersAsk() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    double capacity = 19 * 0.95;
    Duration[] intervals = {
      Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), SECOND,
      Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMillis(2), Duration.ofMillis(50)
    };
    for (int i = 0; i < intervals.length; i++) {
      budget.register("ns/job-" + i, TOKEN, intervals[i], 1);
    }

    double granted = 0;
    for (int i = 0; i < intervals.length; i++) {
      Duration effective = budget.effectiveInterval("ns/job-" + i, intervals[i]);
      double demand = 1e9 / intervals[i].toNanos();
      double rate = 1e9 / effective.toNanos();
      assertThat(effective).as("job %d", i).isGreaterThanOrEqualTo(intervals[i]);
      assertThat(rate)
          .as("job %d's rate", i)
          .isGreaterThanOrEqualTo(Math.min(demand, capacity / intervals.length) * 0.999);
      granted += rate;
    }
    assertThat(granted).as("all together, within the routine budget").isLessThan(capacity * 1.001);
    assertThat(budget.effectiveInterval("ns/job-5", Duration.ofMinutes(1)))
        .as("the modest ones are not stretched at all")
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(budget.effectiveInterval("ns/job-0", Duration.ofMillis(1)))
        .as("the greedy ones share the rest equally")
        .isEqualTo(budget.effectiveInterval("ns/job-6", Duration.ofMillis(2)));
  }

  @Test
  void aForgottenGreedyJobGivesItsShareBack() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 30; i++) {
      budget.register("ns/job-" + i, TOKEN, SECOND, 1);
    }
    budget.register("ns/greedy", TOKEN, Duration.ofMillis(1), 1);
    Duration shared = budget.effectiveInterval("ns/job-0", SECOND);

    budget.forget("ns/greedy");

    // 31 jobs on 18.05/s: 1.72s each; 30 jobs: 1.66s
    assertThat(shared.toMillis()).isBetween(1700L, 1750L);
    assertThat(budget.effectiveInterval("ns/job-0", SECOND).toMillis()).isBetween(1640L, 1700L);
  }

  @Test
  void aSyncOfTwoRequestsCountsBothInTheStretch() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 100; i++) {
      budget.admit("ns/job-" + i, TOKEN, SECOND, false, 2);
    }

    // demand 200 requests/s (Get Job and runs) against 18.05 routine requests/s
    assertThat(budget.effectiveInterval("ns/job-0", SECOND).toMillis()).isBetween(11000L, 11200L);
  }

  @Test
  void aRoutineSyncOfTwoRequestsWaitsForTwoSlotsThenSendsBoth() {
    // 18.05 routine slots per second: one every ~55 ms
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));

    Admission first = budget.admit("ns/a", TOKEN, SECOND, false, 2);
    Admission second = budget.admit("ns/b", TOKEN, SECOND, false, 2);

    assertThat(first).isInstanceOf(Admission.Later.class);
    Duration a = ((Admission.Later) first).delay();
    Duration b = ((Admission.Later) second).delay();
    assertThat(a).as("the next slot: this cycle's holds one").isLessThan(Duration.ofMillis(60));
    assertThat(b.minus(a))
        .as("two slots after the first sync's")
        .isBetween(Duration.ofMillis(100), Duration.ofMillis(120));
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> budget.admit("ns/a", TOKEN, SECOND, false, 2), new Admission.Now(2)::equals);
  }

  @Test
  void anUrgentSyncTakesAFreeRoutineSlotForItsFollowUp() {
    // a routine slot every ~19 s
    RequestBudget budget = new RequestBudget(ApiBudget.parse("200/1h"));

    assertThat(budget.admit("ns/a", TOKEN, SECOND, true, 2))
        .as("the priority permit for Get Job, the free routine slot for the runs")
        .isEqualTo(new Admission.Now(2));
    assertThat(budget.admit("ns/b", TOKEN, SECOND, false))
        .as("that routine slot is spent")
        .isInstanceOfSatisfying(
            Admission.Later.class,
            later -> assertThat(later.delay()).isGreaterThan(Duration.ofSeconds(1)));
  }

  @Test
  void anUrgentSyncBehindABookedRoutineLaneSendsGetJobAlone() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 60; i++) {
      budget.admit("ns/job-" + i, TOKEN, SECOND, false);
    }

    assertThat(budget.admit("ns/new", TOKEN, SECOND, true, 2))
        .as("the priority permit for Get Job; the runs wait for a routine sync")
        .isEqualTo(new Admission.Now(1));
  }

  @Test
  void withinTheBudgetIntervalsStayAsDeclared() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 5; i++) {
      budget.admit("ns/job-" + i, TOKEN, SECOND, false);
    }

    assertThat(budget.effectiveInterval("ns/job-0", SECOND)).isEqualTo(SECOND);
    assertThat(budget.effectiveInterval("ns/unknown", SECOND)).isEqualTo(SECOND);
  }

  @Test
  void deletedJobsNoLongerCount() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 100; i++) {
      budget.admit("ns/job-" + i, TOKEN, SECOND, false);
    }
    for (int i = 1; i < 100; i++) {
      budget.forget("ns/job-" + i);
    }

    assertThat(budget.effectiveInterval("ns/job-0", SECOND)).isEqualTo(SECOND);
  }

  /**
   * Issue 21, finding 4: a resource paused (or deleted) while it held a routine slot burnt it, for
   * the limiter cannot give a slot back, and every later job's slot moved one further. Fifty
   * pause/unpause cycles pushed the next job 2.8s out on this budget; now the freed slot is the
   * next admission's.
   */
  @Test
  void pauseAndUnpauseChurnDoesNotPushOtherJobsSlotsLater() {
    // 19 usable requests/s, 95% routine: a slot every ~55ms
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    assertThat(budget.admit("ns/steady-0", TOKEN, SECOND, false)).isEqualTo(Admission.NOW);

    for (int i = 0; i < 50; i++) {
      assertThat(budget.admit("ns/churn", TOKEN, SECOND, false))
          .isInstanceOf(Admission.Later.class);
      budget.forget("ns/churn");
    }
    Admission next = budget.admit("ns/steady-1", TOKEN, SECOND, false);

    assertThat(next)
        .isInstanceOfSatisfying(
            Admission.Later.class,
            later -> assertThat(later.delay()).isLessThan(Duration.ofMillis(120)));
  }

  @Test
  void theSlotsOfAnUrgentSyncThatWentAheadAreTheNextJobs() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    budget.admit("ns/a", TOKEN, SECOND, false);
    Admission held = budget.admit("ns/b", TOKEN, SECOND, false, 2);
    assertThat(held).isInstanceOf(Admission.Later.class);

    // b's spec changed: it goes ahead on the priority permit, its two routine slots are free
    assertThat(budget.admit("ns/b", TOKEN, SECOND, true, 1)).isEqualTo(Admission.NOW);
    Admission c = budget.admit("ns/c", TOKEN, SECOND, false, 2);

    assertThat(((Admission.Later) c).delay()).isLessThanOrEqualTo(((Admission.Later) held).delay());
  }

  /**
   * Issue 21, finding 13: forgetting the last job of a token removed its budget, 429 pause and
   * all, and the next admission on that token made a fresh one that knew of no pause.
   */
  @Test
  void forgettingTheLastJobOfAPausedTokenKeepsThePause() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("100/1s"));
    budget.admit("ns/a", TOKEN, SECOND, false);
    budget.onCall(call(429, Optional.empty(), Optional.of(Duration.ofSeconds(30))));

    budget.forget("ns/a");

    assertThat(budget.admit("ns/b", TOKEN, SECOND, true))
        .isInstanceOfSatisfying(
            Admission.Later.class,
            later -> assertThat(later.delay()).isGreaterThan(Duration.ofSeconds(29)));
  }

  /**
   * The same race from two threads: a job forgotten while another on its token is admitted must
   * neither lose the admitted job's share nor leave it on a budget the token no longer uses.
   */
  @Test
  void aJobAdmittedWhileTheLastOtherIsForgottenKeepsItsShare() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 500; round++) {
        RequestBudget budget = new RequestBudget(ApiBudget.parse("2/1s"));
        budget.register("ns/leaving", TOKEN, SECOND, 1);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> leaving =
            threads.submit(
                () -> {
                  start.await();
                  budget.forget("ns/leaving");
                  return null;
                });
        Future<?> arriving =
            threads.submit(
                () -> {
                  start.await();
                  budget.register("ns/arriving", TOKEN, Duration.ofMillis(1), 1);
                  return null;
                });
        leaving.get();
        arriving.get();

        assertThat(budget.effectiveInterval("ns/arriving", Duration.ofMillis(1)))
            .as("round %d: the budget knows the arriving job's demand", round)
            .isGreaterThan(Duration.ofMillis(100));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Issue 21, finding 7: the server's word wins, up to the budget's window. A 429 asking for 317
   * years overflowed the pause arithmetic; one asking for 68 years paused the token for them.
   */
  @Test
  void aServerPauseIsCappedAtTheBudgetWindowAndSaidOncePerToken() {
    Logger logger = (Logger) LoggerFactory.getLogger(RequestBudget.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      RequestBudget budget = new RequestBudget(ApiBudget.NORTHFLANK_DEFAULT);
      budget.admit("ns/a", TOKEN, SECOND, false);
      ApiToken other = ApiToken.of("token-b");
      budget.admit("ns/b", other, SECOND, false);

      budget.onCall(call(429, Optional.empty(), Optional.of(Duration.ofSeconds(9_999_999_999L))));
      budget.onCall(call(429, Optional.empty(), Optional.of(Duration.ofSeconds(2_147_483_647L))));
      budget.onCall(
          new ApiCall(
              "GET /v1/projects/{projectId}/jobs",
              200,
              Duration.ofMillis(5),
              Optional.of(
                  new RateLimitSnapshot(
                      OptionalLong.of(1000),
                      OptionalLong.of(0),
                      Optional.of(Duration.ofSeconds(999_999_999)))),
              other.fingerprint(),
              Optional.empty()));

      for (ApiToken token : List.of(TOKEN, other)) {
        assertThat(budget.admit("ns/c", token, SECOND, true))
            .isInstanceOfSatisfying(
                Admission.Later.class,
                later ->
                    assertThat(later.delay())
                        .isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));
      }
      assertThat(budget.serverPause(Duration.ofSeconds(2_147_483_647L)))
          .isEqualTo(Duration.ofHours(1));
      assertThat(budget.serverPause(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
      assertThat(lines.list)
          .as("once per token")
          .filteredOn(e -> e.getFormattedMessage().contains("at most the budget's window"))
          .hasSize(2);
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void a429PausesTheTokenUntilRetryAfter() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("100/1s"));
    budget.admit("ns/a", TOKEN, SECOND, false);

    budget.onCall(call(429, Optional.empty(), Optional.of(Duration.ofSeconds(30))));

    assertThat(budget.admit("ns/b", TOKEN, SECOND, true))
        .isInstanceOfSatisfying(
            Admission.Later.class,
            later ->
                assertThat(later.delay())
                    .isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
    assertThat(budget.admit("ns/c", ApiToken.of("token-b"), SECOND, true))
        .as("other tokens are not paused")
        .isEqualTo(Admission.NOW);
  }

  @Test
  void aSpentServerWindowPausesUntilItsReset() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("100/1s"));
    budget.admit("ns/a", TOKEN, SECOND, false);

    budget.onCall(
        call(
            200,
            Optional.of(
                new RateLimitSnapshot(
                    OptionalLong.of(1000),
                    OptionalLong.of(0),
                    Optional.of(Duration.ofSeconds(40)))),
            Optional.empty()));

    assertThat(budget.admit("ns/b", TOKEN, SECOND, false))
        .isInstanceOfSatisfying(
            Admission.Later.class,
            later -> assertThat(later.delay()).isGreaterThan(Duration.ofSeconds(39)));
  }

  @Test
  void aChangedTokenIsUrgentAndLeavesTheOldTokensShare() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    for (int i = 0; i < 100; i++) {
      budget.admit("ns/job-" + i, TOKEN, SECOND, false);
    }
    ApiToken rotated = ApiToken.of("token-rotated");

    Admission admission = budget.admit("ns/job-0", rotated, SECOND, false);

    assertThat(admission).as("priority permit").isEqualTo(Admission.NOW);
    assertThat(budget.effectiveInterval("ns/job-0", SECOND)).isEqualTo(SECOND);
  }

  @Test
  void aChangedTokenIsUrgentAlsoWhenTheReconcileRegisteredTheJobFirst() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    ApiToken rotated = ApiToken.of("token-rotated");
    budget.admit("ns/job-0", TOKEN, SECOND, false);
    // the new token's routine lane is taken for a while
    for (int i = 1; i < 100; i++) {
      budget.admit("ns/job-" + i, rotated, SECOND, false);
    }

    // the reconciler registers every job before it may put off a first read after a restart
    budget.register("ns/job-0", rotated, SECOND, 1);
    Admission admission = budget.admit("ns/job-0", rotated, SECOND, false);

    assertThat(admission).as("priority permit").isEqualTo(Admission.NOW);
  }

  @Test
  void aWriteAfterItsReadTakesThePriorityPermitThenANearRoutineSlot() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("20/1s"));
    assertThat(budget.admit("ns/job", TOKEN, SECOND, false)).isEqualTo(Admission.NOW);

    Admission first = budget.admitWrite("ns/job", TOKEN, Duration.ofSeconds(2));
    long start = System.nanoTime();
    Admission second = budget.admitWrite("ns/job", TOKEN, Duration.ofSeconds(2));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(first).as("the priority permit").isEqualTo(Admission.NOW);
    assertThat(second).as("the next routine slot, ~55ms away, waited for").isEqualTo(Admission.NOW);
    assertThat(waited).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aWriteWhoseSlotIsFarOffLeavesItToTheNextRead() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("40/1h"));
    budget.admit("ns/job", TOKEN, SECOND, false);
    budget.admitWrite("ns/job", TOKEN, Duration.ofSeconds(2));

    Admission write = budget.admitWrite("ns/job", TOKEN, Duration.ofSeconds(2));

    assertThat(write).isInstanceOf(Admission.Later.class);
    Duration slot = ((Admission.Later) write).delay();
    assertThat(slot).isGreaterThan(Duration.ofSeconds(2));
    // the slot is the job's next read, not lost
    Admission read = budget.admit("ns/job", TOKEN, SECOND, false);
    assertThat(read).isInstanceOf(Admission.Later.class);
    assertThat(((Admission.Later) read).delay()).isLessThanOrEqualTo(slot);
  }

  @Test
  void aPausedTokenSendsNoWrite() {
    RequestBudget budget = new RequestBudget(ApiBudget.parse("1000/1h"));
    budget.admit("ns/job", TOKEN, SECOND, false);
    budget.onCall(call(429, Optional.empty(), Optional.of(Duration.ofSeconds(30))));

    assertThat(budget.admitWrite("ns/job", TOKEN, Duration.ofSeconds(2)))
        .isInstanceOf(Admission.Later.class);
  }

  private static ApiCall call(
      int status, Optional<RateLimitSnapshot> limits, Optional<Duration> retryAfter) {
    return new ApiCall(
        "GET /v1/projects/{projectId}/jobs/{jobId}",
        status,
        Duration.ofMillis(5),
        limits,
        TOKEN.fingerprint(),
        retryAfter);
  }
}
