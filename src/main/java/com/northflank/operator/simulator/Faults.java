package com.northflank.operator.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run-time switchable faults: one scope for every request ({@link #all()}) and one per job ({@link
 * #job}). Both scopes apply to a job's requests: latencies add up, a rate fires if either scope's
 * draw fires, and a pending forced status of the job scope is used before the global one. Draws
 * come from one seedable {@link Random}, so a sequential run with the same seed and the same
 * settings meets the same faults; a draw is only made for a rate above zero.
 */
public final class Faults {

  /** What to do to one request, decided once when it arrives. */
  record Plan(
      Duration latency,
      int forcedStatus,
      Duration forcedRetryAfter,
      boolean timeout,
      Duration timeoutHold,
      int errorStatus,
      boolean malformedJson,
      boolean wrongTypes,
      boolean extraFields) {

    static final Plan NONE =
        new Plan(Duration.ZERO, 0, Duration.ZERO, false, Duration.ZERO, 0, false, false, false);
  }

  private final FaultSettings all = new FaultSettings();
  private final Map<String, FaultSettings> jobs = new ConcurrentHashMap<>();
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

  /** Restarts the random sequence, e.g. at the start of a reproducible bench phase. */
  public void reseed(long seed) {
    random.setSeed(seed);
  }

  /** Switches every fault of every scope off. */
  public void clear() {
    all.clear();
    jobs.clear();
  }

  Plan plan(String projectId, String jobId) {
    FaultSettings scoped = jobId == null ? null : jobs.get(key(projectId, jobId));
    if (scoped == null && isQuiet(all)) {
      return Plan.NONE;
    }
    Duration latency = all.latency();
    int forcedStatus = 0;
    Duration forcedRetryAfter = Duration.ZERO;
    if (scoped != null) {
      latency = latency.plus(scoped.latency());
      forcedStatus = scoped.takeForcedStatus();
      forcedRetryAfter = scoped.forcedRetryAfter();
    }
    if (forcedStatus == 0) {
      forcedStatus = all.takeForcedStatus();
      forcedRetryAfter = all.forcedRetryAfter();
    }
    boolean timeout = false;
    Duration hold = Duration.ZERO;
    if (scoped != null && draw(scoped.timeoutRate())) {
      timeout = true;
      hold = scoped.timeoutHold();
    } else if (draw(all.timeoutRate())) {
      timeout = true;
      hold = all.timeoutHold();
    }
    int errorStatus = 0;
    if ((scoped != null && draw(scoped.errorRate())) || draw(all.errorRate())) {
      errorStatus = random.nextBoolean() ? 500 : 503;
    }
    return new Plan(
        latency,
        forcedStatus,
        forcedRetryAfter,
        timeout,
        hold,
        errorStatus,
        either(scoped == null ? 0 : scoped.malformedJsonRate(), all.malformedJsonRate()),
        either(scoped == null ? 0 : scoped.wrongTypesRate(), all.wrongTypesRate()),
        either(scoped == null ? 0 : scoped.extraFieldsRate(), all.extraFieldsRate()));
  }

  private boolean either(double scopedRate, double globalRate) {
    return draw(scopedRate) || draw(globalRate);
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
        && settings.extraFieldsRate() == 0;
  }

  private static String key(String projectId, String jobId) {
    return projectId + "/" + jobId;
  }
}
