package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs of one job, newest first: the derived past of a seeded job ({@link JobRuns#history}),
 * then the runs stored since, added by a test or the demo ({@link #add}) or started by the schedule
 * of {@link SimulatorOptions#runEvery()}. A stored run in progress concludes when it was planned to
 * or when {@link #conclude} says so; its view is computed at the time of the request, so a {@link
 * MutableClock} moves runs along without a thread.
 */
final class RunHistory {

  /**
   * A stored run.
   *
   * @param concludesAt null while it runs until told otherwise
   * @param outcome SUCCESS or FAILED, what it concludes with
   */
  private record Run(String key, Instant startedAt, Instant concludesAt, RunStatus outcome) {

    RunStatus statusAt(Instant now) {
      return concludesAt != null && !now.isBefore(concludesAt) ? outcome : RunStatus.RUNNING;
    }
  }

  /**
   * When the simulator started ({@code epoch}: seeded pasts end before it) and how runs are started
   * over time: one every {@code every} after it, or none when it is null.
   */
  record Schedule(Instant epoch, Duration every) {

    /** What a scheduled run lasts: a quarter of the period. */
    Duration runTime() {
      return every.dividedBy(4);
    }
  }

  private final String projectId;
  private final String jobId;
  private final List<Run> runs = new ArrayList<>();
  private boolean derivedPast;
  private long scheduledThrough;
  private int added;

  /**
   * @param derivedPast whether the job shows the derived past runs of a seeded job
   */
  RunHistory(String projectId, String jobId, boolean derivedPast) {
    this.projectId = projectId;
    this.jobId = jobId;
    this.derivedPast = derivedPast;
  }

  /**
   * Stores a run that started at {@code now - took} (never before the latest stored start, so the
   * newest run is always the one added last) and, unless it is RUNNING, concluded at {@code now}.
   *
   * @return its runName
   */
  synchronized String add(ObjectNode doc, RunStatus status, Duration took, Instant now) {
    Instant started = now.minus(took);
    Instant latest = runs.isEmpty() ? null : runs.get(runs.size() - 1).startedAt();
    if (latest != null && !started.isAfter(latest)) {
      started = latest.plusMillis(1);
    }
    Run run =
        new Run(
            projectId + "/" + jobId + "/added-" + (++added),
            started,
            status.concluded() ? max(now, started) : null,
            status.concluded() ? status : null);
    runs.add(run);
    return name(run);
  }

  /**
   * Concludes a run in progress now.
   *
   * @return false when there is no such run in progress
   */
  synchronized boolean conclude(String runName, RunStatus outcome, Instant now) {
    if (!outcome.concluded()) {
      throw new IllegalArgumentException("a run concludes with SUCCESS or FAILED");
    }
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      if (name(run).equals(runName) && run.statusAt(now) == RunStatus.RUNNING) {
        runs.set(i, new Run(run.key(), run.startedAt(), max(now, run.startedAt()), outcome));
        return true;
      }
    }
    return false;
  }

  /** Forgets every run, the derived past included. */
  synchronized void clear() {
    runs.clear();
    derivedPast = false;
  }

  /** Every run as the API lists them at {@code now}, newest first. */
  synchronized List<ObjectNode> view(ObjectNode doc, Instant now, Schedule schedule) {
    startScheduledRuns(doc, now, schedule);
    int backoffLimit = JobRuns.backoffLimit(doc);
    List<ObjectNode> view = new ArrayList<>();
    List<Run> newestFirst = new ArrayList<>(runs);
    newestFirst.sort(Comparator.comparing(Run::startedAt).reversed());
    for (Run run : newestFirst) {
      RunStatus status = run.statusAt(now);
      view.add(
          JobRuns.run(
              run.key(),
              jobId,
              status,
              backoffLimit,
              run.startedAt(),
              null,
              status.concluded() ? run.concludesAt() : null));
    }
    if (derivedPast) {
      view.addAll(JobRuns.history(doc, schedule.epoch()));
    }
    return view;
  }

  /** A scheduled run started or concluded: what a job-run webhook tells. */
  record Transition(String runName, String event, Instant at) {}

  /**
   * What the schedule of {@link SimulatorOptions#runEvery()} did in {@code (from, to]}: runs that
   * started and runs that concluded, in time order. Runs added by {@link #add} tell their own.
   */
  synchronized List<Transition> scheduledTransitions(
      ObjectNode doc, Instant from, Instant to, Schedule schedule) {
    startScheduledRuns(doc, to, schedule);
    List<Transition> transitions = new ArrayList<>();
    for (Run run : runs) {
      if (!run.key().contains("/scheduled-")) {
        continue;
      }
      if (run.startedAt().isAfter(from) && !run.startedAt().isAfter(to)) {
        transitions.add(new Transition(name(run), "job-run:start", run.startedAt()));
      }
      if (run.concludesAt() != null
          && run.concludesAt().isAfter(from)
          && !run.concludesAt().isAfter(to)) {
        transitions.add(
            new Transition(
                name(run),
                run.outcome() == RunStatus.FAILED ? "job-run:failure" : "job-run:success",
                run.concludesAt()));
      }
    }
    transitions.sort(Comparator.comparing(Transition::at));
    return transitions;
  }

  /** The name of the newest stored run, if any. */
  synchronized Optional<String> latest() {
    return runs.stream().max(Comparator.comparing(Run::startedAt)).map(this::name);
  }

  /**
   * A cron job that is not suspended starts a run at every tick of the schedule; ticks that passed
   * while it was suspended start nothing. One run in four fails.
   */
  private void startScheduledRuns(ObjectNode doc, Instant now, Schedule schedule) {
    if (schedule.every() == null || now.isBefore(schedule.epoch())) {
      return;
    }
    long due = Duration.between(schedule.epoch(), now).toNanos() / schedule.every().toNanos();
    boolean runsOnSchedule =
        "cron".equals(doc.path("jobType").asText()) && !doc.path("suspended").asBoolean(false);
    int seed = (projectId + "/" + jobId).hashCode() & 0x7fffffff;
    for (long tick = scheduledThrough + 1; tick <= due && runsOnSchedule; tick++) {
      Instant started = schedule.epoch().plus(schedule.every().multipliedBy(tick));
      RunStatus outcome = (seed + tick) % 4 == 0 ? RunStatus.FAILED : RunStatus.SUCCESS;
      runs.add(
          new Run(
              projectId + "/" + jobId + "/scheduled-" + tick,
              started,
              started.plus(schedule.runTime()),
              outcome));
    }
    scheduledThrough = Math.max(scheduledThrough, due);
  }

  private String name(Run run) {
    return JobRuns.runName(run.key(), jobId);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
