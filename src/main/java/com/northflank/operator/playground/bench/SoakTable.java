package com.northflank.operator.playground.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.BiPredicate;

/** The soak run's figures, each beside its target (issue 23). */
public final class SoakTable {

  /** RSS and live heap may grow this much from minute 5 to the end. */
  public static final double GROWTH = 0.05;

  /** Every fault-free minute's reconciles within this fraction of their median. */
  public static final double STEADY = 0.10;

  private SoakTable() {}

  public static String format(SoakRun.Result r) {
    SoakRun.Settings s = r.settings();
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          String.format(
              Locale.ROOT,
              "soak: %d jobs, interval %ds, %d MiB, %d min",
              s.jobs(),
              s.interval().toSeconds(),
              s.memory() / FootprintRun.Settings.MIB,
              s.duration().toMinutes()),
          "measured",
          "target"
        });
    rows.add(
        new String[] {
          "RSS at minute 5 / at the end",
          String.format(
                  Locale.ROOT,
                  "%s / %s (%+.1f%%) ",
                  FootprintRun.mib(r.atMinute5().rss()),
                  FootprintRun.mib(r.atEnd().rss()),
                  r.rssGrowth() * 100)
              + meets(r.rssGrowth() <= GROWTH),
          "growth <= 5%"
        });
    rows.add(
        new String[] {
          "  of it anonymous (no file backs it)",
          String.format(
              Locale.ROOT,
              "%s / %s (%+.1f%%)",
              FootprintRun.mib(r.atMinute5().anonymousRss()),
              FootprintRun.mib(r.atEnd().anonymousRss()),
              r.anonymousRssGrowth() * 100),
          ""
        });
    OptionalDouble heapGrowth = r.heapGrowth();
    rows.add(
        new String[] {
          "live heap after GC at minute 5 / at the end",
          heapGrowth.isPresent()
              ? String.format(
                      Locale.ROOT,
                      "%s / %s (%+.1f%%) ",
                      FootprintRun.mib(r.atMinute5().heap().getAsLong()),
                      FootprintRun.mib(r.atEnd().heap().getAsLong()),
                      heapGrowth.getAsDouble() * 100)
                  + meets(heapGrowth.getAsDouble() <= GROWTH)
              : "(jcmd could not attach)",
          "growth <= 5%"
        });
    rows.add(
        new String[] {
          "reconciles per minute, no faults: median (min-max)",
          spread(r, SoakTable::steadyMinute) + " " + meets(steady(r)),
          String.format(Locale.ROOT, "each within %.0f%% of the median", STEADY * 100)
        });
    rows.add(
        new String[] {
          "  the minute after faults (retries drain): median (min-max)",
          spread(r, SoakTable::recoveryMinute),
          ""
        });
    rows.add(
        new String[] {
          "  minutes with faults: median (min-max)",
          spread(r, (m, all) -> m.faults() && m.minute() > 1),
          ""
        });
    rows.add(
        new String[] {
          "runs started / observed / never observed",
          r.runsStarted() + " / " + r.observed() + " / " + r.lost() + " " + meets(r.lost() == 0),
          "0 never observed"
        });
    return Bench.formatRows(rows);
  }

  /**
   * A fault-free minute after the first (which holds the start's reads) that does not follow
   * minutes with faults: then the reads the faults delayed are retried, and the minute counts fewer
   * reconciles than a steady one (they come later, as retries fall due).
   */
  static boolean steadyMinute(SoakRun.Minute minute, SoakRun.Result r) {
    return minute.minute() > 1 && !minute.faults() && !previous(minute, r).faults();
  }

  static boolean recoveryMinute(SoakRun.Minute minute, SoakRun.Result r) {
    return minute.minute() > 1 && !minute.faults() && previous(minute, r).faults();
  }

  private static SoakRun.Minute previous(SoakRun.Minute minute, SoakRun.Result r) {
    return r.minutes().get(Math.max(0, r.minutes().indexOf(minute) - 1));
  }

  static List<Long> minutes(SoakRun.Result r, BiPredicate<SoakRun.Minute, SoakRun.Result> which) {
    return r.minutes().stream()
        .filter(m -> which.test(m, r))
        .map(SoakRun.Minute::reconciles)
        .sorted()
        .toList();
  }

  static boolean steady(SoakRun.Result r) {
    List<Long> values = minutes(r, SoakTable::steadyMinute);
    if (values.isEmpty()) {
      return false;
    }
    long median = values.get(values.size() / 2);
    return values.stream().allMatch(v -> Math.abs(v - median) <= STEADY * median);
  }

  private static String spread(
      SoakRun.Result r, BiPredicate<SoakRun.Minute, SoakRun.Result> which) {
    List<Long> values = minutes(r, which);
    if (values.isEmpty()) {
      return "-";
    }
    return values.get(values.size() / 2)
        + " ("
        + values.get(0)
        + "-"
        + values.get(values.size() - 1)
        + ")";
  }

  private static String meets(boolean met) {
    return met ? "(met)" : "(MISSED)";
  }
}
