package com.northflank.operator.playground.bench;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.observability.SyncObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** When each job was successfully read, as the operator itself reports it. */
final class ReadLog implements SyncObserver {

  private final Map<String, List<Long>> reads = new ConcurrentHashMap<>();

  @Override
  public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
    if (Conditions.isTrue(status.conditions(), ConditionTypes.SYNCED)) {
      reads
          .computeIfAbsent(job.getMetadata().getName(), k -> new CopyOnWriteArrayList<>())
          .add(System.nanoTime());
    }
  }

  @Override
  public void syncFailed(NorthflankJob job, String reason) {}

  int jobsRead() {
    return reads.size();
  }

  /** When the first job was first read, as a {@link System#nanoTime()}. */
  long firstRead() {
    return reads.values().stream().mapToLong(r -> r.get(0)).min().orElseThrow();
  }

  /** When the last job was first read, as a {@link System#nanoTime()}. */
  long lastFirstRead() {
    return reads.values().stream().mapToLong(r -> r.get(0)).max().orElseThrow();
  }

  /** Jobs read at least {@code times} times. */
  long jobsReadAtLeast(int times) {
    return reads.values().stream().filter(r -> r.size() >= times).count();
  }

  /** Every gap between consecutive reads of the same job, in nanoseconds. */
  List<Long> gaps() {
    List<Long> gaps = new ArrayList<>();
    for (List<Long> times : reads.values()) {
      for (int i = 1; i < times.size(); i++) {
        gaps.add(times.get(i) - times.get(i - 1));
      }
    }
    return gaps;
  }

  /** The gap between each job's first and second read, where there is one. */
  List<Long> firstGaps() {
    List<Long> gaps = new ArrayList<>();
    for (List<Long> times : reads.values()) {
      if (times.size() >= 2) {
        gaps.add(times.get(1) - times.get(0));
      }
    }
    return gaps;
  }
}
