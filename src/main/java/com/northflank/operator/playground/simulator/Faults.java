package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Run-time switchable faults: one scope for every request ({@link #all()}), one per job ({@link
 * #job}), one per job's writes ({@link #jobWrites}), for the runs route one for every job ({@link
 * #runs()}) and one per job ({@link #jobRuns}), and one for every create ({@link #creates()}) and
 * every delete ({@link #deletes()}). Every scope that matches a request applies:
 * latencies add up, a rate fires if any scope's draw fires, and a pending forced status (or change)
 * of the narrowest scope is used first. Draws come from one seedable {@link Random}, so a
 * sequential run with the same seed and the same settings meets the same faults; a draw is only
 * made for a rate above zero.
 */
public final class Faults {

  /**
   * What to do to one request, decided once when it arrives.
   *
   * @param change applied to the job before the request is served, or null
   * @param forcedRetryAfterHeader the forced 429's Retry-After verbatim, or null
   * @param endlessCursor a list answer says another page follows
   * @param spentWindowReset the x-ratelimit-reset of a window said to be spent, or null
   * @param heldAnswer holds the answer, once served, until released; or null
   */
  record Plan(
      Duration latency,
      int forcedStatus,
      Duration forcedRetryAfter,
      boolean timeout,
      Duration timeoutHold,
      int errorStatus,
      boolean malformedJson,
      boolean wrongTypes,
      boolean extraFields,
      Consumer<ObjectNode> change,
      String forcedRetryAfterHeader,
      boolean endlessCursor,
      String spentWindowReset,
      HeldAnswer heldAnswer) {

    static final Plan NONE =
        new Plan(
            Duration.ZERO,
            0,
            Duration.ZERO,
            false,
            Duration.ZERO,
            0,
            false,
            false,
            false,
            null,
            null,
            false,
            null,
            null);
  }

  private final FaultSettings all = new FaultSettings();
  private final Map<String, FaultSettings> jobs = new ConcurrentHashMap<>();
  private final Map<String, FaultSettings> writes = new ConcurrentHashMap<>();
  private final FaultSettings runs = new FaultSettings();
  private final Map<String, FaultSettings> jobRuns = new ConcurrentHashMap<>();
  private final FaultSettings creates = new FaultSettings();
  private final FaultSettings deletes = new FaultSettings();
  private final Random random;

  Faults(long seed) {
    this.random = new Random(seed);
  }

  /** The scope of every request. */
  public FaultSettings all() {
    return all;
  }

  /** The scope of the requests for one job (its GET, PATCH, suspend and runs routes). */
  public FaultSettings job(String projectId, String jobId) {
    return jobs.computeIfAbsent(key(projectId, jobId), k -> new FaultSettings());
  }

  /**
   * The scope of one job's writes only (PATCH, suspend): its reads are served untouched, so a
   * client can read the job and then meet the fault when it writes. Applies on top of {@link #job}.
   */
  public FaultSettings jobWrites(String projectId, String jobId) {
    return writes.computeIfAbsent(key(projectId, jobId), k -> new FaultSettings());
  }

  /**
   * The scope of every job's runs route (GET jobs/{jobId}/runs) only: Get Job is served untouched,
   * so a client can read a job and then meet the fault reading its runs. Applies on top of {@link
   * #job} and {@link #all}.
   */
  public FaultSettings runs() {
    return runs;
  }

  /** The scope of one job's runs route only; applies on top of {@link #runs()}. */
  public FaultSettings jobRuns(String projectId, String jobId) {
    return jobRuns.computeIfAbsent(key(projectId, jobId), k -> new FaultSettings());
  }

  /**
   * The scope of every Create Job request ({@code POST jobs}, plain and team routes). A create names
   * no job id in its path, so the job scopes never reach it. E.g. {@code
   * creates().forceStatus(409, 1)}, {@code creates().timeout(1, hold)}, or {@code
   * creates().holdNextAnswer()} for a job that is created while its answer never arrives in time.
   */
  public FaultSettings creates() {
    return creates;
  }

  /**
   * The scope of every Delete Job request ({@code DELETE jobs/{jobId}}, plain and team routes).
   * Applies on top of {@link #jobWrites} and {@link #job} of the job deleted.
   */
  public FaultSettings deletes() {
    return deletes;
  }

  /** Restarts the random sequence, e.g. at the start of a reproducible bench phase. */
  public void reseed(long seed) {
    random.setSeed(seed);
  }

  /** Switches every fault of every scope off. */
  public void clear() {
    all.clear();
    jobs.clear();
    writes.clear();
    runs.clear();
    jobRuns.clear();
    creates.clear();
    deletes.clear();
  }

  /**
   * @param route the route requested
   * @param write whether the request changes something (any method but GET and HEAD)
   */
  Plan plan(Route route, String projectId, String jobId, boolean write) {
    boolean runsRoute = route == Route.GET_JOB_RUNS;
    List<FaultSettings> scopes = new ArrayList<>(6);
    if (route == Route.CREATE_JOB) {
      scopes.add(creates);
    } else if (route == Route.DELETE_JOB) {
      scopes.add(deletes);
    }
    if (jobId != null) {
      String key = key(projectId, jobId);
      if (write) {
        addIfPresent(scopes, writes.get(key));
      }
      if (runsRoute) {
        addIfPresent(scopes, jobRuns.get(key));
        scopes.add(runs);
      }
      addIfPresent(scopes, jobs.get(key));
    }
    scopes.add(all);
    if (scopes.stream().allMatch(Faults::isQuiet)) {
      return Plan.NONE;
    }
    // the narrowest scope first: its forced status, timeout and change win
    Duration latency = Duration.ZERO;
    int forcedStatus = 0;
    Duration forcedRetryAfter = Duration.ZERO;
    String forcedRetryAfterHeader = null;
    String spentWindowReset = null;
    Consumer<ObjectNode> change = null;
    HeldAnswer heldAnswer = null;
    for (FaultSettings scope : scopes) {
      if (heldAnswer == null) {
        heldAnswer = scope.takeHeldAnswer();
      }
      latency = latency.plus(scope.latency());
      if (forcedStatus == 0) {
        forcedStatus = scope.takeForcedStatus();
        forcedRetryAfter = scope.forcedRetryAfter();
        forcedRetryAfterHeader = scope.forcedRetryAfterHeader();
      }
      if (change == null) {
        change = scope.takeChange();
      }
      if (spentWindowReset == null) {
        spentWindowReset = scope.spentWindowReset();
      }
    }
    boolean timeout = false;
    Duration hold = Duration.ZERO;
    for (FaultSettings scope : scopes) {
      if (draw(scope.timeoutRate())) {
        timeout = true;
        hold = scope.timeoutHold();
        break;
      }
    }
    int errorStatus = 0;
    if (scopes.stream().anyMatch(scope -> draw(scope.errorRate()))) {
      errorStatus = random.nextBoolean() ? 500 : 503;
    }
    return new Plan(
        latency,
        forcedStatus,
        forcedRetryAfter,
        timeout,
        hold,
        errorStatus,
        scopes.stream().anyMatch(scope -> draw(scope.malformedJsonRate())),
        scopes.stream().anyMatch(scope -> draw(scope.wrongTypesRate())),
        scopes.stream().anyMatch(scope -> draw(scope.extraFieldsRate())),
        change,
        forcedRetryAfterHeader,
        scopes.stream().anyMatch(FaultSettings::endlessCursor),
        spentWindowReset,
        heldAnswer);
  }

  private static void addIfPresent(List<FaultSettings> scopes, FaultSettings scope) {
    if (scope != null) {
      scopes.add(scope);
    }
  }

  private boolean draw(double rate) {
    if (rate <= 0) {
      return false;
    }
    return rate >= 1 || random.nextDouble() < rate;
  }

  private static boolean isQuiet(FaultSettings settings) {
    return settings.latency().isZero()
        && settings.forcedRemaining() == 0
        && settings.errorRate() == 0
        && settings.timeoutRate() == 0
        && settings.malformedJsonRate() == 0
        && settings.wrongTypesRate() == 0
        && settings.extraFieldsRate() == 0
        && !settings.hasChange()
        && !settings.hasHeldAnswer()
        && !settings.endlessCursor()
        && settings.spentWindowReset() == null;
  }

  private static String key(String projectId, String jobId) {
    return projectId + "/" + jobId;
  }
}
