package com.northflank.operator.playground.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows of the freshness and restart scenarios, each with its target. */
final class FreshnessTable {

  private FreshnessTable() {}

  static String format(FreshnessRun.Result freshness, RestartRun.Result restart) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"freshness / restart", "measured", "target"});
    if (freshness != null) {
      String ideal = freshness.requestsPerSync() == 1 ? "N/B" : freshness.requestsPerSync() + "N/B";
      rows.add(
          new String[] {
            String.format(
                Locale.ROOT,
                "freshness: %d jobs in %d projects, %s - ideal %s",
                freshness.jobs(),
                freshness.projects(),
                freshness.budget(),
                ideal),
            seconds(freshness.ideal()),
            ""
          });
      latencyRows(
          rows,
          "suspended (listed field)",
          freshness.summary(),
          freshness.ideal(),
          "0.10x",
          "0.25x");
      latencyRows(
          rows, "cron schedule (other field)", freshness.other(), freshness.ideal(), null, "1.25x");
      rows.add(new String[] {"  429 responses", Long.toString(freshness.tooManyRequests()), "0"});
      rows.add(
          new String[] {
            "  requests per job per hour (of which list)",
            String.format(
                Locale.ROOT,
                "%.1f (%.1f)",
                freshness.requestsPerJobPerHour(),
                freshness.listRequestsPerJobPerHour()),
            String.format(
                Locale.ROOT,
                "<= %.1f (the budget)",
                freshness.budget().rate() * 3600 / freshness.jobs())
          });
    }
    if (restart != null) {
      rows.add(
          new String[] {
            String.format(
                Locale.ROOT,
                "restart: %d synced jobs in %d projects, interval %s",
                restart.jobs(),
                restart.projects(),
                com.northflank.operator.config.DurationParser.format(restart.interval())),
            "",
            ""
          });
      rows.add(
          new String[] {
            "  requests in the old operator's last minute",
            Long.toString(restart.minuteBefore()),
            ""
          });
      rows.add(
          new String[] {
            "  requests in the first 10 s after restart",
            Long.toString(restart.firstTenSeconds()),
            ""
          });
      rows.add(
          new String[] {
            "  requests in the second minute (steady)", Long.toString(restart.secondMinute()), ""
          });
      rows.add(
          new String[] {
            "  requests in the first minute (x second)",
            restart.firstMinute() + String.format(Locale.ROOT, " (%.2fx)", restart.ratio()),
            "<= 1.10x"
          });
    }
    return Bench.formatRows(rows);
  }

  private static void latencyRows(
      List<String[]> rows,
      String what,
      FreshnessRun.Latencies latencies,
      Duration ideal,
      String medianTarget,
      String maxTarget) {
    rows.add(
        new String[] {
          "  " + what + ": changes seen (unseen)",
          latencies.count() + " (" + latencies.undetected() + ")",
          "0 unseen"
        });
    rows.add(
        new String[] {
          "    median latency (x ideal)",
          ratio(latencies.median(), ideal),
          medianTarget == null ? "" : "<= " + medianTarget
        });
    rows.add(new String[] {"    p95 latency (x ideal)", ratio(latencies.p95(), ideal), ""});
    rows.add(
        new String[] {
          "    max latency (x ideal)", ratio(latencies.max(), ideal), "<= " + maxTarget
        });
  }

  private static String ratio(Duration d, Duration ideal) {
    return seconds(d)
        + String.format(Locale.ROOT, " (%.2fx)", d.toNanos() / (double) ideal.toNanos());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }
}
