package com.northflank.operator.playground.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent by this process's threads between two snapshots, grouped by what the threads do
 * (their names with the numbers taken out): on a machine whose cores are all busy, the figures that
 * say where a run's time goes, which wall-clock sampling cannot.
 */
final class CpuAccount {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> start = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();

  private CpuAccount() {}

  static CpuAccount start() {
    CpuAccount account = new CpuAccount();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        account.start.put(info.getThreadId(), THREADS.getThreadCpuTime(info.getThreadId()));
      }
    }
    return account;
  }

  /** Milliseconds of CPU per group since the start; threads that ended meanwhile are not seen. */
  Map<String, Double> millisByGroup() {
    Map<String, Double> groups = new TreeMap<>();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = THREADS.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      long spent = now - start.getOrDefault(info.getThreadId(), 0L);
      groups.merge(group(info.getThreadName()), spent / 1e6, Double::sum);
    }
    groups.values().removeIf(ms -> ms < 1);
    return groups;
  }

  /** One line: total and the largest groups, per job. */
  String perJob(int jobs) {
    Map<String, Double> groups = millisByGroup();
    double total = groups.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%.2f ms CPU per job:", total / jobs));
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(6)
        .forEach(
            e ->
                line.append(
                    String.format(Locale.ROOT, " %s %.2f,", e.getKey(), e.getValue() / jobs)));
    line.setLength(line.length() - 1);
    return line.toString();
  }

  private static String group(String threadName) {
    return threadName.replaceAll("\\d+", "N");
  }
}
