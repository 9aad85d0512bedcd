package com.northflank.operator.budget;

import java.util.Map;
import java.util.TreeMap;

/**
 * Max-min fair shares of one token's full-read capacity (water-filling): every job that asks for
 * less than an equal share gets what it asks for, and the jobs that ask for more share what those
 * leave, equally. The result is one number, the level: a job whose demand is at or below it is
 * read at its own interval, a job above it at {@code requests / level}. So a resource asking for
 * far more than its share (a 1ms interval, say) stretches nobody but itself.
 *
 * <p>Demands are kept as a count per distinct value, so that finding the level costs the number of
 * distinct demands (a handful of intervals in practice), and is done only when a demand changes,
 * never per read. Not thread-safe: {@link TokenBudget} calls it under its lock.
 */
final class FairShare {

  /** Jobs per distinct demand (requests per second), ascending. */
  private final TreeMap<Double, Integer> demands = new TreeMap<>();

  private int jobs;

  void add(double demand) {
    demands.merge(demand, 1, Integer::sum);
    jobs++;
  }

  void remove(double demand) {
    Integer count = demands.get(demand);
    if (count == null) {
      return;
    }
    if (count == 1) {
      demands.remove(demand);
    } else {
      demands.put(demand, count - 1);
    }
    jobs--;
  }

  /**
   * The level for a capacity: the rate no job is held below unless it asks for less; infinite when
   * the capacity covers every demand.
   *
   * @param capacity requests per second the full reads may spend
   */
  double level(double capacity) {
    double satisfied = 0;
    int left = jobs;
    for (Map.Entry<Double, Integer> entry : demands.entrySet()) {
      double share = (capacity - satisfied) / left;
      if (entry.getKey() > share) {
        return Math.max(0, share);
      }
      satisfied += entry.getKey() * entry.getValue();
      left -= entry.getValue();
    }
    return Double.POSITIVE_INFINITY;
  }
}
