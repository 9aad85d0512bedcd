package com.northflank.operator.runs;

import com.northflank.operator.client.JobRun;
import com.northflank.operator.model.LastRun;
import com.northflank.operator.model.TextLimit;
import com.northflank.operator.model.Timestamps;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which run of a page of GET jobs/{jobId}/runs is the job's last run. The API does not document the
 * order of the runs, so the page's order is not trusted: the last run is the one that started
 * latest, and the verdict on the job's health comes from the one that started latest among those
 * that concluded. Pure.
 */
public final class RunSelection {

  /** The longest run name kept: a Kubernetes object name's length. */
  static final int RUN_NAME_LENGTH = 253;

  private RunSelection() {}

  /** What a page says about the job's runs. */
  public sealed interface Result {}

  /** The job has not run (yet), as far as the page goes. */
  public record NoRuns() implements Result {}

  /**
   * @param latest the run that started latest, in progress or not
   * @param latestConcluded the concluded run that started latest; empty when every run on the page
   *     is still in progress
   */
  public record Found(LastRun latest, Optional<LastRun> latestConcluded) implements Result {}

  /** The page held runs, but none the operator can place in time or judge. */
  public record Unusable(String reason) implements Result {}

  public static Result of(List<JobRun> runs) {
    if (runs.isEmpty()) {
      return new NoRuns();
    }
    Placed latest = null;
    Placed latestConcluded = null;
    for (JobRun run : runs) {
      Placed p = place(run).orElse(null);
      if (p == null) {
        continue;
      }
      if (latest == null || NEWEST_FIRST.compare(p, latest) < 0) {
        latest = p;
      }
      if (p.concluded()
          && (latestConcluded == null || NEWEST_FIRST.compare(p, latestConcluded) < 0)) {
        latestConcluded = p;
      }
    }
    if (latest == null) {
      return new Unusable(
          "none of the "
              + runs.size()
              + " runs read has a name, a known status and a startedAt that can be read");
    }
    // only the (at most two) runs chosen are turned into the status' terms, once each
    LastRun latestRun = latest.toLastRun();
    Optional<LastRun> concludedRun =
        latestConcluded == null
            ? Optional.empty()
            : Optional.of(latestConcluded == latest ? latestRun : latestConcluded.toLastRun());
    return new Found(latestRun, concludedRun);
  }

  /**
   * Latest start first; among equal starts a run in progress (it is the newer state), then by name,
   * so that the same runs in any order give the same answer.
   */
  private static final Comparator<Placed> NEWEST_FIRST =
      Comparator.comparing(Placed::startedAt)
          .reversed()
          .thenComparing(Placed::concluded)
          .thenComparing(p -> p.run().runName());

  /** A run that can be placed in time and judged, with its start as an instant, for ordering. */
  private record Placed(JobRun run, Instant startedAt, String status) {

    boolean concluded() {
      return !LastRun.RUNNING.equals(status);
    }

    LastRun toLastRun() {
      String concludedAt =
          concluded()
              ? Timestamps.parse(run.concludedAt()).map(Timestamps::format).orElse(null)
              : null;
      // a run name is a Kubernetes-style name; an absurd answer is cut rather than stored
      return new LastRun(
          TextLimit.cut(run.runName(), RUN_NAME_LENGTH),
          status,
          Timestamps.format(startedAt),
          concludedAt);
    }
  }

  /**
   * The run, if it can be placed: a name, a start that parses, and a status that is documented or
   * can be told from the run's flags.
   */
  private static Optional<Placed> place(JobRun run) {
    if (run.runName() == null || run.runName().isBlank()) {
      return Optional.empty();
    }
    Optional<String> status = status(run);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    return Timestamps.parse(run.startedAt()).map(started -> new Placed(run, started, status.get()));
  }

  /**
   * The documented {@code status} decides. A value newer than the operator falls back on the flags:
   * not concluded is Running, concluded with {@code failed: 1} Failed, with {@code succeeded: 1}
   * Succeeded; anything else cannot be judged.
   */
  static Optional<String> status(JobRun run) {
    if (run.status() != null) {
      switch (run.status()) {
        case JobRun.SUCCESS:
          return Optional.of(LastRun.SUCCEEDED);
        case JobRun.FAILED:
          return Optional.of(LastRun.FAILED);
        case JobRun.RUNNING:
          return Optional.of(LastRun.RUNNING);
        default:
          break;
      }
    }
    if (Boolean.FALSE.equals(run.concluded())) {
      return Optional.of(LastRun.RUNNING);
    }
    if (Boolean.TRUE.equals(run.concluded()) && Objects.equals(run.failed(), 1)) {
      return Optional.of(LastRun.FAILED);
    }
    if (Boolean.TRUE.equals(run.concluded()) && Objects.equals(run.succeeded(), 1)) {
      return Optional.of(LastRun.SUCCEEDED);
    }
    return Optional.empty();
  }
}
