package com.northflank.operator.freshness;

import com.northflank.operator.budget.Admission;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.freshness.WatchedJobs.Group;
import com.northflank.operator.freshness.WatchedJobs.Watched;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.HttpNorthflankClient;
import com.northflank.operator.client.JobPage;
import com.northflank.operator.client.JobSummary;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import com.northflank.operator.config.DurationParser;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * List-assisted polling. Per API token and project that resources reference with at least {@link
 * #MIN_JOBS} jobs, lists the project's jobs (every page of {@code GET .../jobs?per_page=100}) as
 * often as the request budget's {@link com.northflank.operator.budget.SweepSplit} allows, on the
 * routine lane in turn with the full reads. A job whose listed fields differ from its last full
 * read, or that is missing from the list, is marked urgent and reconciled at once, so a suspension
 * in the console is seen within a sweep period rather than a full-read interval.
 *
 * <p>Started and stopped by the operator: started when its process becomes the one that reconciles
 * (at start without leader election, on taking the lease with it), stopped when it stops or loses
 * the lease, so a standby never lists. Once stopped it stays stopped; a deposed leader exits.
 */
public final class ListSweeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListSweeper.class);

  /** A sweep costs what a full read costs: a project with one job gains nothing from it. */
  public static final int MIN_JOBS = 2;

  /**
   * The page cap: a sweep lists at most the pages its watched jobs fill plus these (2,000 jobs
   * nobody here watches). The pages the watched jobs fill are what a sweep is for; the rest is the
   * price of listing a shared project, worth paying up to a point and not beyond, and an API that
   * answers {@code hasNextPage: true} for ever meets the cap instead of a sweeper that never
   * stops. A project that reaches it is not swept for {@link #CAPPED_REST}.
   */
  public static final int MAX_UNWATCHED_PAGES = 20;

  /** How long a project whose listing reached the page cap is left to the full reads. */
  static final Duration CAPPED_REST = Duration.ofHours(1);

  private static final long TICK_MILLIS = 100;

  private final NorthflankApi api;
  private final RequestBudget budget;
  private final WatchedJobs watched;
  private final Consumer<ResourceID> readNow;
  private final Map<String, Long> due = new ConcurrentHashMap<>();
  private final Map<String, ApiToken> sweepTokens = new ConcurrentHashMap<>();

  /**
   * Pages each group's project took to list the last time (or at least so many, when a listing
   * was cut short): what a sweep of it is charged, for it lists every job of the project, watched
   * or not.
   */
  private final Map<String, Integer> projectPages = new ConcurrentHashMap<>();

  /** Groups whose listing reached the page cap, and until when they are not swept. */
  private final Map<String, Long> restingUntil = new ConcurrentHashMap<>();
  private final Set<ApiToken> sweepingTokens = ConcurrentHashMap.newKeySet();
  private final Object lifecycle = new Object();
  private ScheduledExecutorService scheduler;
  private boolean closed;

  /**
   * @param readNow reconciles a resource now (the urgent lane decides the budget)
   */
  public ListSweeper(
      NorthflankApi api, RequestBudget budget, WatchedJobs watched, Consumer<ResourceID> readNow) {
    this.api = api;
    this.budget = budget;
    this.watched = watched;
    this.readNow = readNow;
  }

  /** Starts sweeping unless already started or closed. */
  public void start() {
    synchronized (lifecycle) {
      if (scheduler != null || closed) {
        return;
      }
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "list-sweeper");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Whether sweeps are scheduled: started and not closed. */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return scheduler != null;
    }
  }

  /** Stops sweeping for good; a sweep in progress is interrupted. */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (lifecycle) {
      closed = true;
      running = scheduler;
      scheduler = null;
    }
    if (running != null) {
      running.shutdownNow();
    }
  }

  /** Pages {@code jobs} jobs fill. */
  static int pages(int jobs) {
    return (jobs + HttpNorthflankClient.MAX_PER_PAGE - 1) / HttpNorthflankClient.MAX_PER_PAGE;
  }

  /** What one sweep of the group is charged: the pages of its whole project, as last seen. */
  private int cost(Group group, int members) {
    return Math.max(pages(members), projectPages.getOrDefault(group.key(), 0));
  }

  /** Whether the group sweeps: enough watched jobs, and not resting after reaching the cap. */
  private boolean sweeps(Group group, int members, long now) {
    if (members < MIN_JOBS) {
      return false;
    }
    Long rest = restingUntil.get(group.key());
    if (rest == null) {
      return true;
    }
    if (now - rest < 0) {
      return false;
    }
    restingUntil.remove(group.key());
    return true;
  }

  private void tick() {
    try {
      sweepWhatIsDue();
    } catch (RuntimeException e) {
      // the next tick tries again; a scheduled task that throws would never run again
      log.warn("List sweep failed: {}", e.toString());
    }
  }

  void sweepWhatIsDue() {
    Map<Group, Integer> groups = watched.groupSizes();
    Map<ApiToken, Integer> costs = new HashMap<>();
    Set<String> live = new HashSet<>();
    long start = System.nanoTime();
    Map<Group, Integer> sweeping = new HashMap<>();
    groups.forEach(
        (group, members) -> {
          if (sweeps(group, members, start)) {
            sweeping.put(group, members);
            costs.merge(group.token(), cost(group, members), Integer::sum);
          }
        });
    // a token whose projects stopped sweeping gives the share back to its full reads
    for (ApiToken token : Set.copyOf(sweepingTokens)) {
      if (!costs.containsKey(token)) {
        budget.sweepPeriod(token, 0);
        sweepingTokens.remove(token);
      }
    }
    Map<ApiToken, Optional<Duration>> periods = new HashMap<>();
    costs.forEach(
        (token, cost) -> {
          sweepingTokens.add(token);
          periods.put(token, budget.sweepPeriod(token, cost));
        });
    long now = System.nanoTime();
    for (Map.Entry<Group, Integer> entry : sweeping.entrySet()) {
      Group group = entry.getKey();
      Optional<Duration> period = periods.getOrDefault(group.token(), Optional.empty());
      if (period.isEmpty()) {
        continue;
      }
      String key = group.key();
      live.add(key);
      sweepTokens.put(key, group.token());
      long periodNanos = period.get().toNanos();
      // the first sweep of a group falls anywhere in its period, so groups do not sweep together
      long dueAt =
          due.computeIfAbsent(
              key, k -> now + (long) (ThreadLocalRandom.current().nextDouble() * periodNanos));
      if (now - dueAt < 0) {
        continue;
      }
      int pages = cost(group, entry.getValue());
      Admission admission = budget.admitSweep(sweepKey(key), group.token(), pages);
      if (admission instanceof Admission.Later later) {
        due.put(key, now + later.delay().toNanos());
        continue;
      }
      sweep(group, pages, pages(entry.getValue()) + MAX_UNWATCHED_PAGES);
      due.put(key, System.nanoTime() + periodNanos);
    }
    for (String key : Set.copyOf(due.keySet())) {
      if (!live.contains(key)) {
        due.remove(key);
        ApiToken token = sweepTokens.remove(key);
        if (token != null) {
          budget.forgetSweep(sweepKey(key), token);
        }
      }
    }
    // what is known of groups no resource is in any more goes with them
    Set<String> present = new HashSet<>();
    groups.keySet().forEach(g -> present.add(g.key()));
    projectPages.keySet().retainAll(present);
    restingUntil.keySet().retainAll(present);
  }

  /** The listing reached the cap: the project is left to the full reads for a while. */
  private void rest(Group group, int cap) {
    restingUntil.put(group.key(), System.nanoTime() + CAPPED_REST.toNanos());
    projectPages.put(group.key(), cap);
    ProjectRef project = group.project();
    log.warn(
        "Listing {}project {} took more than {} pages (its jobs, more than {} nobody here watches,"
            + " or a listing that does not end): not swept for {}, its resources are read at"
            + " their intervals",
        project.teamId() == null ? "" : "team " + project.teamId() + ", ",
        project.projectId(),
        cap,
        MAX_UNWATCHED_PAGES * HttpNorthflankClient.MAX_PER_PAGE,
        DurationParser.format(CAPPED_REST));
  }

  private static String sweepKey(String groupKey) {
    return "sweep:" + groupKey;
  }

  /**
   * Lists the project and reads at once every job the listing shows changed or missing. Each page
   * is paid for: the sweep was admitted with {@code admitted} pages, and each further one goes only
   * if the budget has a routine slot free this moment; a listing cut short by the budget or the
   * cap judges only the jobs it saw (one it did not see is not missing, only unseen).
   *
   * @param cap the most pages one sweep of the group may list
   */
  private void sweep(Group group, int admitted, int cap) {
    // the baselines as they stood before the listing: a read that lands meanwhile is newer
    List<Watched> before = watched.in(group);
    Map<String, JobSummary> listed = new HashMap<>();
    String cursor = null;
    int pages = 0;
    boolean complete = false;
    try {
      while (true) {
        if (pages >= cap) {
          rest(group, cap);
          break;
        }
        if (pages >= admitted && !budget.admitSweepPage(group.token())) {
          // charged twice as many next time: a large project is learnt in a few sweeps
          projectPages.put(group.key(), Math.min(cap, 2 * pages));
          break;
        }
        JobPage page =
            api.listJobs(group.project(), cursor, HttpNorthflankClient.MAX_PER_PAGE, group.token());
        pages++;
        page.jobs().forEach(j -> listed.put(j.id(), j));
        cursor = page.nextCursor().orElse(null);
        if (cursor == null) {
          projectPages.put(group.key(), pages);
          complete = true;
          break;
        }
      }
    } catch (NorthflankApiException e) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      log.warn("Listing the jobs failed, the full reads go on as scheduled: {}", e.getMessage());
      return;
    }
    for (Watched w : before) {
      JobSummary summary = listed.get(w.jobId());
      String why;
      if (summary == null) {
        why = w.missing() || !complete ? null : "missing from the list";
      } else if (w.missing()) {
        why = "listed again";
      } else {
        List<String> fields = SummaryComparison.differences(w.baseline(), ListedFields.of(summary));
        why = fields.isEmpty() ? null : String.join(", ", fields) + " changed";
      }
      if (why != null && watched.isCurrent(w)) {
        log.debug("{}: job {} {}; reading it now", w.resource(), w.jobId(), why);
        watched.markUrgent(w.key());
        readNow.accept(w.resource());
      }
    }
  }
}
