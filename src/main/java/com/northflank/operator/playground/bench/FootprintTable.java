package com.northflank.operator.playground.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** The footprint run's figures, each beside its target (issue 23). */
public final class FootprintTable {

  private static final long MIB = FootprintRun.Settings.MIB;

  public static final Duration START_TO_READY = Duration.ofMillis(1500);
  public static final long IDLE_RSS = 96 * MIB;
  public static final long SYNCED_RSS = 128 * MIB;
  public static final long IMAGE = 45 * MIB;

  private FootprintTable() {}

  public static String format(FootprintRun.Result r) {
    FootprintRun.Settings s = r.settings();
    String limitFlag = r.inContainer() ? "--memory " : "MaxRAM ";
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"footprint: " + r.operator(), "measured", "target"});
    rows.add(startRow("start to /readyz, empty cluster", r.readyEmpty()));
    rows.add(startRow("start to /readyz, " + s.jobs() + " jobs synced", r.readyWithJobs()));
    rows.add(
        new String[] {
          "RSS idle (" + limitFlag + s.memory() / MIB + "m)",
          FootprintRun.mib(r.idle().rss()) + " " + meets(r.idle().rss() <= IDLE_RSS),
          "<= " + IDLE_RSS / MIB + " MiB"
        });
    rows.add(
        new String[] {
          "RSS with " + s.jobs() + " jobs synced",
          FootprintRun.mib(r.synced().rss()) + " " + meets(r.synced().rss() <= SYNCED_RSS),
          "<= " + SYNCED_RSS / MIB + " MiB"
        });
    rows.add(
        new String[] {
          "  RSS per job", kib((r.synced().rss() - r.idle().rss()) / (double) s.jobs()), ""
        });
    if (r.idle().heap().isPresent() && r.synced().heap().isPresent()) {
      long idleHeap = r.idle().heap().getAsLong();
      long syncedHeap = r.synced().heap().getAsLong();
      rows.add(
          new String[] {
            "  live heap idle / synced",
            FootprintRun.mib(idleHeap) + " / " + FootprintRun.mib(syncedHeap),
            ""
          });
      rows.add(
          new String[] {
            "  live heap per job", kib((syncedHeap - idleHeap) / (double) s.jobs()), ""
          });
    }
    rows.add(new String[] {"  first sync of " + s.jobs() + " jobs", seconds(r.firstSync()), ""});
    FootprintRun.LimitOutcome limit = r.limit();
    rows.add(
        new String[] {
          s.jobs() + " jobs under " + limitFlag + limit.limit() / MIB + "m",
          (limit.synced() + " synced, ")
              + limit
                  .exit()
                  .map(Object::toString)
                  .orElse("running, peak RSS " + FootprintRun.mib(limit.memory().peakRss()))
              + " "
              + meets(limit.survived()),
          "all synced, no OOM kill"
        });
    OptionalLong image = r.imageBytes();
    rows.add(
        new String[] {
          "image, compressed",
          image.isPresent()
              ? FootprintRun.mib(image.getAsLong()) + " " + meets(image.getAsLong() <= IMAGE)
              : "(no tarball)",
          "<= " + IMAGE / MIB + " MiB"
        });
    return Bench.formatRows(rows);
  }

  /** The median start by wall clock, with the CPU that start used. */
  static String[] startRow(String what, List<FootprintRun.Start> starts) {
    FootprintRun.Start median = median(starts);
    return new String[] {
      what + " (median of " + starts.size() + ")",
      String.format(Locale.ROOT, "%s (CPU %s) ", seconds(median.wall()), seconds(median.cpu()))
          + meets(median.wall().compareTo(START_TO_READY) <= 0),
      "<= " + seconds(START_TO_READY)
    };
  }

  public static FootprintRun.Start median(List<FootprintRun.Start> starts) {
    List<FootprintRun.Start> sorted = new ArrayList<>(starts);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static String meets(boolean met) {
    return met ? "(met)" : "(MISSED)";
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }

  private static String kib(double bytes) {
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
  }
}
