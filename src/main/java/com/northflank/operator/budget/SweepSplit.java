package com.northflank.operator.budget;

import java.time.Duration;
import java.util.Optional;

/**
 * How one token's routine budget is split between list sweeps and full reads (Get Job, and the
 * runs). A sweep lists up to 100 jobs per request and shows whether a job's summary fields
 * (suspended, jobType, name, tags, description, disabledCI/CD) changed; a full read is what shows
 * everything else. The rule:
 *
 * <ul>
 *   <li>Sweeps want to run ten times per full-read cycle: {@code T_s = T_f / 10}.
 *   <li>They take at most the larger of {@link #MAX_SWEEP_SHARE} of the routine budget and what the
 *       full reads at their declared intervals leave unused. So while the budget covers every job
 *       at its declared interval, sweeps never stretch one; when it does not, full reads keep at
 *       least 80% and every other field is seen within 1.25 x the plain-polling staleness.
 *   <li>Full reads get the rest; their intervals stretch only when the rest cannot cover them,
 *       and then only those of the jobs asking for more than a fair share of it.
 * </ul>
 *
 * @param sweepRate sweep requests per second the token may spend (0: no sweeps)
 * @param stretch how much the full reads stretch taken together (1: not at all); each job's own
 *     stretch follows its fair share of them ({@link FairShare})
 * @param sweepPeriod how often each sweeping project is listed, when {@code sweepRate > 0}
 */
public record SweepSplit(double sweepRate, double stretch, Optional<Duration> sweepPeriod) {

  /** Sweeps per full-read cycle, when the budget allows. */
  public static final int SWEEPS_PER_CYCLE = 10;

  /** The share of the routine budget sweeps may take from full reads that need all of it. */
  public static final double MAX_SWEEP_SHARE = 0.2;

  /**
   * @param routineRate routine requests per second of the token
   * @param fullReadDemand requests per second the token's jobs want at their declared intervals
   * @param requestsPerCycle requests of one full-read cycle: the sum over jobs of the requests per
   *     sync (2 with the runs, 1 without)
   * @param sweepRequests requests of one sweep cycle: the sum over sweeping projects of
   *     ceil(jobs/100); 0 when no project sweeps
   */
  public static SweepSplit of(
      double routineRate, double fullReadDemand, double requestsPerCycle, int sweepRequests) {
    if (routineRate <= 0) {
      throw new IllegalArgumentException("the routine rate must be positive");
    }
    if (sweepRequests <= 0 || fullReadDemand <= 0 || requestsPerCycle <= 0) {
      return new SweepSplit(0, Math.max(1, fullReadDemand / routineRate), Optional.empty());
    }
    // k: sweep requests per full-read request when sweeping SWEEPS_PER_CYCLE times per cycle
    double k = SWEEPS_PER_CYCLE * sweepRequests / requestsPerCycle;
    double spare = routineRate - fullReadDemand;
    double unstretched = k * fullReadDemand;
    double rate;
    if (unstretched <= spare) {
      rate = unstretched;
    } else {
      // stretched full reads: s = k (r - s), capped
      double balanced = k * routineRate / (1 + k);
      rate = Math.min(balanced, Math.max(MAX_SWEEP_SHARE * routineRate, spare));
    }
    double stretch = Math.max(1, fullReadDemand / (routineRate - rate));
    return new SweepSplit(
        rate, stretch, Optional.of(Duration.ofNanos(Math.round(sweepRequests / rate * 1e9))));
  }
}
