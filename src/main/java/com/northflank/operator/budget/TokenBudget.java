package com.northflank.operator.budget;

import com.northflank.operator.config.ApiBudget;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The budget of one API token. Two resilience4j rate limiters without burst pace the reads: one for
 * routine polls, and a small one for reads that should not queue behind them (new resources, spec
 * and credential changes). When the jobs want more than the routine lane holds, each keeps a
 * max-min fair share of it ({@link FairShare}): only the jobs asking for more than their share
 * are stretched. A routine sync that finds no permit reserves the next slots, one per
 * request it sends (Get Job and the runs), and is rescheduled to the last of them, so a thousand
 * new resources are read slots apart, never in a burst. Slots held for a job that will not use them
 * go to the next admission ({@link HeldSlots}).
 */
final class TokenBudget {

  /** Share of the budget kept for priority reads. */
  static final double PRIORITY_SHARE = 0.05;

  /** How far ahead a slot may be reserved. */
  private static final Duration RESERVE_AHEAD = Duration.ofDays(1);

  /** How long an urgent sync's follow-up reads (the runs) may wait for their routine slots. */
  static final Duration FOLLOW_UP_MAX_WAIT = Duration.ofSeconds(2);

  /** A timer that fires this close to a reserved slot counts as on time. */
  private static final long EARLY_TOLERANCE_NANOS = Duration.ofMillis(20).toNanos();

  private final RateLimiter routine;
  private final RateLimiter priority;
  private final double routineRate;
  private final long routinePeriodNanos;
  private final HeldSlots slots;
  private final Map<String, Double> demand = new ConcurrentHashMap<>();
  private final Map<String, Integer> requestsPerSync = new ConcurrentHashMap<>();

  /** The sum of {@link #demand}, kept up to date so that no read costs O(jobs). */
  private final DoubleAdder totalDemand = new DoubleAdder();

  /** The sum of {@link #requestsPerSync}: the requests of one full-read cycle. */
  private final DoubleAdder requestsPerCycle = new DoubleAdder();

  /** Requests of one sweep cycle over the token's sweeping projects (0: none sweeps). */
  private volatile int sweepRequests;

  /** The demands, for the fair level; changed and read under this object's lock. */
  private final FairShare shares = new FairShare();

  /**
   * Requests per second no job is held below unless it asks for less (infinite: none is held),
   * found again whenever a demand or the sweeps' share changes, so that a read only looks it up.
   */
  private volatile double level = Double.POSITIVE_INFINITY;

  private volatile long pausedUntil = System.nanoTime();

  /** Whether a server pause of this token was capped yet (it is said once per token). */
  private final AtomicBoolean pauseCapped = new AtomicBoolean();

  /**
   * Set under this object's lock once the budget has no job left and no pause in force: it then
   * takes no job, and {@link RequestBudget} makes a fresh one for the token should one come.
   */
  private boolean retired;

  TokenBudget(String name, ApiBudget budget) {
    // A limiter grants at most one permit per period, so any window of the budget's length can
    // see one grant more than its share; keeping a request or two back absorbs that.
    double usable = budget.requests() - Math.max(1, budget.requests() / 500.0);
    double windowSeconds = budget.window().toNanos() / 1e9;
    this.routineRate = usable * (1 - PRIORITY_SHARE) / windowSeconds;
    this.routinePeriodNanos = Math.max(1, Math.round(1e9 / routineRate));
    this.slots = new HeldSlots(routinePeriodNanos, EARLY_TOLERANCE_NANOS);
    this.routine = limiter(name + "-routine", routineRate, RESERVE_AHEAD);
    this.priority =
        limiter(name + "-priority", usable * PRIORITY_SHARE / windowSeconds, Duration.ZERO);
  }

  private static RateLimiter limiter(String name, double perSecond, Duration timeout) {
    return RateLimiter.of(
        name,
        RateLimiterConfig.custom()
            .limitForPeriod(1)
            .limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond))))
            .timeoutDuration(timeout)
            .build());
  }

  /**
   * A sync of a job {@link #register}ed before.
   *
   * @param requests reads the sync sends
   */
  Admission admit(String job, boolean urgent, int requests) {
    return admitRoutine(job, urgent, requests);
  }

  /**
   * Counts a job's demand, e.g. before its first read is put off after a restart. Every reconcile
   * asks; only a new or changed demand takes the lock and finds the fair level again.
   */
  boolean register(String job, Duration interval, int requests) {
    double reads = requests * 1e9 / Math.max(1, interval.toNanos());
    Double known = demand.get(job);
    Integer knownRequests = requestsPerSync.get(job);
    if (known != null && known == reads && knownRequests != null && knownRequests == requests) {
      return true;
    }
    synchronized (this) {
      if (retired) {
        return false;
      }
      Double before = demand.put(job, reads);
      if (before == null || before != reads) {
        totalDemand.add(reads - (before == null ? 0 : before));
        if (before != null) {
          shares.remove(before);
        }
        shares.add(reads);
      }
      Integer previous = requestsPerSync.put(job, requests);
      if (previous == null || previous != requests) {
        requestsPerCycle.add(requests - (previous == null ? 0 : previous));
      }
      rebalance();
      return true;
    }
  }

  /** Finds the fair level for the full reads' share of the routine budget as things stand. */
  private void rebalance() {
    level = shares.level(routineRate - sweepSplit().sweepRate());
  }

  /**
   * A sweep of one project ({@code pages} List Jobs requests) on the routine lane, in turn with the
   * full reads; its share is set by {@link #sweepSplit}, not by a demand of its own.
   */
  Admission admitSweep(String sweep, int pages) {
    return admitRoutine(sweep, false, pages);
  }

  private Admission admitRoutine(String job, boolean urgent, int requests) {
    long now = System.nanoTime();
    long paused = pausedUntil;
    if (paused - now > 0) {
      return Admission.after(Duration.ofNanos(paused - now));
    }
    Long reserved = slots.dueAt(job);
    if (reserved != null) {
      if (now - (reserved - EARLY_TOLERANCE_NANOS) >= 0) {
        slots.spent(job);
        return new Admission.Now(requests);
      }
      if (urgent && priority.acquirePermission()) {
        // better than a read that waits; the routine slots held for it go to the next job
        slots.release(job, now);
        return new Admission.Now(1 + followUpsInTurn(requests - 1));
      }
      return Admission.after(Duration.ofNanos(reserved - now));
    }
    if (urgent && priority.acquirePermission()) {
      return new Admission.Now(1 + followUpsInTurn(requests - 1));
    }
    long[] taken = routineSlots(requests, now);
    if (taken == null) {
      // the queue is longer than the limiter will reserve ahead: ask again then, read nothing
      return Admission.after(RESERVE_AHEAD);
    }
    long wait = last(taken) - now;
    if (wait <= EARLY_TOLERANCE_NANOS) {
      return new Admission.Now(requests);
    }
    slots.hold(job, taken, now);
    return Admission.after(Duration.ofNanos(wait));
  }

  /**
   * One more page of a sweep under way, only if a routine slot is free this moment (a given-back
   * one, or the limiter's); never a reservation, so a sweep cut short holds nothing.
   */
  boolean tryRoutineNow() {
    long now = System.nanoTime();
    if (pausedUntil - now > 0) {
      return false;
    }
    long[] freed = slots.takeFreed(1, now);
    if (freed != null) {
      if (freed[0] - now <= EARLY_TOLERANCE_NANOS) {
        return true;
      }
      slots.giveBack(freed, now);
      return false;
    }
    if (routine.getMetrics().getAvailablePermissions() < 1) {
      return false;
    }
    long wait = routine.reservePermission(1);
    if (wait < 0) {
      return false;
    }
    if (wait <= EARLY_TOLERANCE_NANOS) {
      return true;
    }
    // another sync took the free slot first: this one is a later slot, for the next admission
    slots.giveBack(new long[] {now + wait}, now);
    return false;
  }

  /**
   * {@code count} routine slots: given-back ones when enough are free, else new ones from the
   * limiter; null when the limiter's queue is longer than it reserves ahead.
   */
  private long[] routineSlots(int count, long now) {
    long[] freed = slots.takeFreed(count, now);
    if (freed != null) {
      return freed;
    }
    long wait = routine.reservePermission(count);
    return wait < 0 ? null : slots.reserved(now, wait, count);
  }

  private static long last(long[] times) {
    long last = times[0];
    for (long t : times) {
      last = Math.max(last, t);
    }
    return last;
  }

  /**
   * The follow-up reads of an urgent sync take the next routine slots, in their turn: they go along
   * when those slots are free now or come due within {@link #FOLLOW_UP_MAX_WAIT} (waited for here,
   * as a write waits for its slot); otherwise they wait for the job's next routine sync rather than
   * jump the queue. Should another sync take the slots between the check and the reservation, the
   * slots reserved go unused: slots wasted, never a request over the budget.
   *
   * @return how many follow-ups may go: all or none
   */
  private int followUpsInTurn(int followUps) {
    if (followUps == 0) {
      return 0;
    }
    long dueWithinWait = FOLLOW_UP_MAX_WAIT.toNanos() / routinePeriodNanos;
    if (routine.getMetrics().getAvailablePermissions() + dueWithinWait < followUps) {
      return 0;
    }
    long wait = routine.reservePermission(followUps);
    return wait >= 0 && wait <= FOLLOW_UP_MAX_WAIT.toNanos() && waitFor(wait) ? followUps : 0;
  }

  /**
   * A write for a job whose read was just admitted: a priority permit, else the next routine slot.
   * A slot within {@code maxWait} is waited for here, so that the write follows its read; a later
   * one is kept as the job's next read slot, and the write waits for that read.
   */
  Admission admitWrite(String job, Duration maxWait) {
    long now = System.nanoTime();
    long paused = pausedUntil;
    if (paused - now > 0) {
      return Admission.after(Duration.ofNanos(paused - now));
    }
    if (priority.acquirePermission()) {
      return Admission.NOW;
    }
    long[] taken = routineSlots(1, now);
    if (taken == null) {
      return Admission.after(RESERVE_AHEAD);
    }
    long wait = Math.max(0, taken[0] - now);
    if (wait <= maxWait.toNanos()) {
      return waitFor(wait) ? Admission.NOW : Admission.after(Duration.ofNanos(wait));
    }
    slots.hold(job, taken, now);
    return Admission.after(Duration.ofNanos(wait));
  }

  /** False when interrupted (the operator is stopping). */
  private static boolean waitFor(long nanos) {
    if (nanos <= EARLY_TOLERANCE_NANOS) {
      return true;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The job's interval, stretched only as far as its fair share requires: as declared while its
   * demand is at or below the fair level, else to {@code requests / level}. O(1): the level is
   * found when demands change, not here.
   */
  Duration effectiveInterval(String job, Duration interval) {
    Double reads = demand.get(job);
    double fair = level;
    if (reads == null || reads <= fair) {
      return interval;
    }
    return Duration.ofNanos(Math.round(interval.toNanos() * (reads / fair)));
  }

  /** The split between sweeps and full reads as things stand. */
  SweepSplit sweepSplit() {
    return SweepSplit.of(routineRate, totalDemand.sum(), requestsPerCycle.sum(), sweepRequests);
  }

  /** The requests of one sweep cycle over every sweeping project of the token. */
  void sweepRequests(int requests) {
    int cost = Math.max(0, requests);
    if (cost == sweepRequests) {
      return;
    }
    synchronized (this) {
      this.sweepRequests = cost;
      rebalance();
    }
  }

  /** True the first time only: a capped server pause is said once per token. */
  boolean firstCappedPause() {
    return !pauseCapped.getAndSet(true);
  }

  /**
   * The server says to stop until then (429, or its window is spent).
   *
   * @return whether this starts a pause (rather than repeating one already in force)
   */
  synchronized boolean pauseFor(Duration pause) {
    long now = System.nanoTime();
    long until = now + pause.toNanos();
    boolean starts = pausedUntil - now <= 0;
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
    return starts;
  }

  synchronized void forget(String job) {
    Double before = demand.remove(job);
    if (before != null) {
      totalDemand.add(-before);
      shares.remove(before);
    }
    Integer requests = requestsPerSync.remove(job);
    if (requests != null) {
      requestsPerCycle.add(-requests);
    }
    slots.release(job, System.nanoTime());
    if (before != null || requests != null) {
      rebalance();
    }
  }

  /**
   * Retires the budget when no job is left and no pause is in force (a pause must outlive its
   * jobs: the next job on the token would otherwise meet a fresh budget that knows of none).
   *
   * @return whether it retired: it then takes no more jobs
   */
  synchronized boolean retireIfIdle() {
    if (!demand.isEmpty() || pausedUntil - System.nanoTime() > 0) {
      return false;
    }
    retired = true;
    return true;
  }
}
