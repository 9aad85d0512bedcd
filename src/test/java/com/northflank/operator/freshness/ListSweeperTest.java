package com.northflank.operator.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.JobPage;
import com.northflank.operator.client.JobSummary;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.client.UnexpectedCalls;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The sweeper against a fake List Jobs: which projects it lists, which jobs it then reads at once,
 * and that a failed listing costs nothing but itself. The budget is real; every job asks for a read
 * each second so that a sweep falls due within a tenth of one.
 */
class ListSweeperTest {

  private static final ApiToken TOKEN = ApiToken.of("nf-sweeper-test-token");
  private static final ProjectRef PROJECT = new ProjectRef(null, "project-a");
  private static final ProjectRef LONE = new ProjectRef(null, "project-lone");
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final FakeList api = new FakeList();
  private final RequestBudget budget = new RequestBudget(ApiBudget.parse("3600000/1h"));
  private final WatchedJobs watched = new WatchedJobs();
  private final List<ResourceID> readNow = new CopyOnWriteArrayList<>();
  private final ListSweeper sweeper = new ListSweeper(api, budget, watched, readNow::add);

  @Test
  void aProjectWithOneJobIsNeverListedAndOneWithTwoIs() {
    watch(PROJECT, "a", false);
    watch(PROJECT, "b", false);
    watch(LONE, "alone", false);
    api.list(PROJECT, summary("a", false), summary("b", false));
    api.list(LONE, summary("alone", true));

    sweepUntilListed(PROJECT, 3);

    assertThat(api.lists(LONE)).isZero();
    assertThat(readNow).isEmpty();
  }

  @Test
  void aJobWhoseSuspensionChangedIsReadAtOnceAndTheOthersAreNot() {
    watch(PROJECT, "a", false);
    watch(PROJECT, "b", false);
    watch(PROJECT, "c", false);
    api.list(PROJECT, summary("a", false), summary("b", true), summary("c", false));

    sweepUntilListed(PROJECT, 1);

    assertThat(readNow).containsExactly(resource("b"));
    assertThat(watched.isUrgent(key("b"))).isTrue();
    assertThat(watched.isUrgent(key("a"))).isFalse();
  }

  @Test
  void aJobMissingFromTheListIsReadOnceThenAgainWhenItIsListedAgain() {
    watch(PROJECT, "a", false);
    watch(PROJECT, "gone", false);
    api.list(PROJECT, summary("a", false));

    sweepUntilListed(PROJECT, 1);
    assertThat(readNow).containsExactly(resource("gone"));

    // the read found no such job (JobNotFound): further listings without it are no news
    watched.observeMissing(key("gone"));
    sweepUntilListed(PROJECT, 3);
    assertThat(readNow).containsExactly(resource("gone"));

    api.list(PROJECT, summary("a", false), summary("gone", false));
    sweepUntilListed(PROJECT, 4);
    assertThat(readNow).containsExactly(resource("gone"), resource("gone"));
  }

  @Test
  void everyPageIsListedBeforeAnyJobIsJudged() {
    List<JobSummary> jobs = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      watch(PROJECT, "job-" + i, false);
      jobs.add(summary("job-" + i, i == 149));
    }
    api.list(PROJECT, jobs.toArray(JobSummary[]::new));

    sweepUntilListed(PROJECT, 1);

    assertThat(api.pagesRequested()).containsExactly("first", "after-100");
    assertThat(readNow).containsExactly(resource("job-149"));
  }

  @Test
  void aFailedListingReadsNothingAndALaterSweepTriesAgain() {
    watch(PROJECT, "a", false);
    watch(PROJECT, "b", false);
    api.list(PROJECT, summary("a", true), summary("b", false));
    api.failNext(1);

    sweepUntilListed(PROJECT, 1);
    assertThat(readNow).isEmpty();

    sweepUntilListed(PROJECT, 2);
    assertThat(readNow).containsExactly(resource("a"));
  }

  /**
   * Issue 21, finding 3: a sweep was charged the pages its watched jobs fill (one, for two jobs)
   * but listed the whole project (ten pages for 1000 jobs), so on this budget it spent about 100
   * requests a second against 57 routine ones. It now learns the project's pages and is charged
   * them: every page listed came out of the routine budget.
   */
  @Test
  void aSweepIsChargedThePagesOfTheWholeProjectNotThoseOfItsWatchedJobs() {
    RequestBudget tight = new RequestBudget(ApiBudget.parse("3600/1m"));
    ListSweeper sweeps = new ListSweeper(api, tight, watched, readNow::add);
    List<JobSummary> project = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      project.add(summary("job-" + i, false));
    }
    api.list(PROJECT, project.toArray(JobSummary[]::new));
    watch(tight, PROJECT, "job-1", false);
    watch(tight, PROJECT, "job-2", false);

    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              sweeps.sweepWhatIsDue();
              return api.lists(PROJECT) >= 3;
            });
    double seconds = (System.nanoTime() - start) / 1e9;

    // 3599 usable requests a minute, 95% routine: 56.98 a second, one stored permit
    assertThat((double) api.pagesRequested().size())
        .as("pages listed in %.1fs", seconds)
        .isLessThanOrEqualTo(Math.ceil(seconds * 3599 * 0.95 / 60) + 2);
    assertThat(readNow).isEmpty();
  }

  /**
   * Issue 21, finding 5: an API answering hasNextPage: true for ever kept the sweeper listing,
   * outside the budget. A sweep stops after the pages its watched jobs fill plus {@link
   * ListSweeper#MAX_UNWATCHED_PAGES}, says so once, judges nothing it did not see and leaves the
   * project alone for an hour.
   */
  @Test
  void anEndlessCursorStopsAtThePageCapAndTheProjectRests() {
    Logger logger = (Logger) LoggerFactory.getLogger(ListSweeper.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      watch(PROJECT, "a", false);
      watch(PROJECT, "b", false);
      api.list(PROJECT, summary("a", false), summary("c", false));
      api.endless(PROJECT);

      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                sweeper.sweepWhatIsDue();
                return api.lastListing().size() == 1 + ListSweeper.MAX_UNWATCHED_PAGES;
              });
      int pages = api.pagesRequested().size();
      long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() - until < 0) {
        sweeper.sweepWhatIsDue();
      }

      assertThat(api.pagesRequested()).as("no page once the project rests").hasSize(pages);
      // the sweeps cut short by the budget before it (each charged twice the last) add up to
      // less than twice the cap
      assertThat(pages).isLessThan(3 * (1 + ListSweeper.MAX_UNWATCHED_PAGES));
      assertThat(readNow).as("a listing cut short: b is not missing, only unseen").isEmpty();
      assertThat(lines.list)
          .filteredOn(e -> e.getFormattedMessage().contains("more than"))
          .hasSize(1)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("project-a"));
    } finally {
      logger.detachAppender(lines);
    }
  }

  private void sweepUntilListed(ProjectRef project, int listings) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              sweeper.sweepWhatIsDue();
              return api.lists(project) >= listings;
            });
  }

  /** A resource read successfully, its job suspended or not, as the reconciler records it. */
  private void watch(ProjectRef project, String jobId, boolean suspended) {
    watch(budget, project, jobId, suspended);
  }

  private void watch(RequestBudget budget, ProjectRef project, String jobId, boolean suspended) {
    String key = key(jobId);
    budget.register(key, TOKEN, INTERVAL, 2);
    watched.observe(
        key, resource(jobId), TOKEN, project, jobId, ListedFields.of(summary(jobId, suspended)));
  }

  private static String key(String jobId) {
    return "ns/" + jobId;
  }

  private static ResourceID resource(String jobId) {
    return new ResourceID(jobId, "ns");
  }

  private static JobSummary summary(String jobId, boolean suspended) {
    return new JobSummary(
        jobId,
        "project",
        "/team/project/" + jobId,
        "Job " + jobId,
        List.of("nightly"),
        "a job",
        "cron",
        false,
        false,
        suspended);
  }

  /** List Jobs over fixed pages; any other request fails the test. */
  private static final class FakeList extends UnexpectedCalls {
    private final Map<ProjectRef, List<JobSummary>> projects = new ConcurrentHashMap<>();
    private final Map<ProjectRef, AtomicInteger> completed = new ConcurrentHashMap<>();
    private final List<String> pages = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final java.util.Set<ProjectRef> endless = ConcurrentHashMap.newKeySet();

    FakeList() {
      super("a sweep");
    }

    void list(ProjectRef project, JobSummary... jobs) {
      projects.put(project, List.of(jobs));
    }

    void failNext(int count) {
      failures.set(count);
    }

    /** The project's listing never ends: every page says another follows. */
    void endless(ProjectRef project) {
      endless.add(project);
    }

    /** Listings of the project that reached their last page or failed. */
    int lists(ProjectRef project) {
      return completed.computeIfAbsent(project, p -> new AtomicInteger()).get();
    }

    List<String> pagesRequested() {
      return pages;
    }

    /** The pages of the last listing, from its first page on. */
    List<String> lastListing() {
      int first = pages.lastIndexOf("first");
      return first < 0 ? List.of() : pages.subList(first, pages.size());
    }

    @Override
    public JobPage listJobs(ProjectRef project, String cursor, int perPage, ApiToken token) {
      assertThat(token).isEqualTo(TOKEN);
      pages.add(cursor == null ? "first" : cursor);
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        completed.computeIfAbsent(project, p -> new AtomicInteger()).incrementAndGet();
        throw new NorthflankApiException(
            NorthflankApiException.Kind.UNAVAILABLE, "GET list failed: HTTP 503");
      }
      List<JobSummary> all = projects.getOrDefault(project, List.of());
      if (endless.contains(project)) {
        assertThat(pages)
            .as("pages of an endless listing: the sweeper never stops")
            .hasSizeLessThan(1000);
        return new JobPage(all, true, "after-" + pages.size());
      }
      int from = cursor == null ? 0 : Integer.parseInt(cursor.substring("after-".length()));
      int to = Math.min(all.size(), from + perPage);
      boolean more = to < all.size();
      if (!more) {
        completed.computeIfAbsent(project, p -> new AtomicInteger()).incrementAndGet();
      }
      return new JobPage(all.subList(from, to), more, more ? "after-" + to : null);
    }
  }
}
