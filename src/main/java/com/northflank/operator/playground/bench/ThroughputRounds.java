package com.northflank.operator.playground.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rounds run at one job count. The table shows the median round by operator / informer ceiling,
 * every figure of it taken from that one round so that its rows stay consistent; the ratios of all
 * rounds are shown beside it.
 */
record ThroughputRounds(List<ThroughputRun.Result> rounds) {

  ThroughputRounds {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("at least one round");
    }
    rounds = List.copyOf(rounds);
  }

  int jobs() {
    return rounds.get(0).jobs();
  }

  /** The middle round by operator / informer ceiling (the upper middle of an even count). */
  ThroughputRun.Result median() {
    List<ThroughputRun.Result> sorted =
        rounds.stream()
            .sorted(Comparator.comparingDouble(ThroughputRun.Result::overInformerCeiling))
            .toList();
    return sorted.get(sorted.size() / 2);
  }

  /** Operator / informer ceiling of each round, in the order they ran. */
  String ratios() {
    return rounds.stream()
        .map(r -> String.format(Locale.ROOT, "%.2f", r.overInformerCeiling()))
        .collect(Collectors.joining(" "));
  }
}
