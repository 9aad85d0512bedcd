package com.northflank.operator.gitops;

import com.northflank.operator.config.DurationParser;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The lines an export writes to stderr: what it is about to do, a progress line at most every few
 * seconds (jobs done out of all, requests left in the budget's window, time to go), notes about
 * left-out fields, and a summary. Reading is paced by the budget (1000/1h reads a job every 3.6 s),
 * so a large export takes minutes and must say how far it is.
 */
final class ExportProgress {

  static final Duration EVERY = Duration.ofSeconds(5);

  private final PrintStream out;
  private final Clock clock;
  private final RequestLedger ledger;
  private Instant started;
  private Instant lastLine;

  ExportProgress(PrintStream out, Clock clock, RequestLedger ledger) {
    this.out = out;
    this.clock = clock;
    this.ledger = ledger;
  }

  void listing(String project) {
    started = clock.instant();
    lastLine = started;
    say("listing the jobs of " + project);
  }

  void reading(int jobs, String project) {
    if (started == null) {
      started = clock.instant();
    }
    lastLine = clock.instant();
    say(
        jobs
            + (jobs == 1 ? " job" : " jobs")
            + " to read in "
            + project
            + "; at "
            + ledger.budget()
            + " that takes about "
            + rounded(Duration.ofMillis(Math.round(jobs / ledger.budget().rate() * 1000))));
  }

  void jobDone(int done, int total) {
    Instant now = clock.instant();
    if (done == total || Duration.between(lastLine, now).compareTo(EVERY) < 0) {
      return;
    }
    lastLine = now;
    Duration elapsed = Duration.between(started, now);
    Duration toGo = elapsed.multipliedBy(total - done).dividedBy(Math.max(1, done));
    say(done + "/" + total + " jobs, " + budgetLeft() + ", about " + rounded(toGo) + " to go");
  }

  void note(String line) {
    say(line);
  }

  void finished(ExportResult result, String where) {
    say(
        result.exported()
            + " of "
            + result.jobs()
            + " jobs written "
            + where
            + " in "
            + DurationParser.format(Duration.ofSeconds(Math.max(1, result.elapsed().toSeconds())))
            + "; "
            + result.requests()
            + " requests, "
            + budgetLeft()
            + (result.omitted() > 0 ? "; " + result.omitted() + " fields left out (see above)" : "")
            + (result.failures().isEmpty() ? "" : "; " + result.failures().size() + " failed"));
  }

  /**
   * The last line of an export that stopped at a failure every read would meet: why, and what to
   * check, before how far it got; not a count of jobs never read.
   */
  void stopped(ExportResult result, String where, String check) {
    say(
        "stopped: "
            + check
            + "; "
            + result.exported()
            + (result.jobs() > 0 ? " of " + result.jobs() : "")
            + (result.exported() == 1 ? " job" : " jobs")
            + " written "
            + where
            + ", "
            + result.requests()
            + (result.requests() == 1 ? " request" : " requests"));
  }

  private String budgetLeft() {
    String server =
        ledger.serverRemaining().isPresent()
            ? " (the API says " + ledger.serverRemaining().getAsLong() + ")"
            : "";
    return ledger.leftInWindow() + " left in " + ledger.budget() + server;
  }

  private static String rounded(Duration duration) {
    Duration whole =
        duration.compareTo(Duration.ofMinutes(2)) >= 0
            ? Duration.ofMinutes(Math.round(duration.toSeconds() / 60.0))
            : Duration.ofSeconds(Math.max(1, Math.round(duration.toMillis() / 1000.0)));
    return DurationParser.format(whole);
  }

  private void say(String line) {
    out.println("export: " + line);
  }
}
