package com.northflank.operator.playground.simulator;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Query parameters of one request; the first occurrence of a repeated name wins. */
final class QueryParams {

  private static final QueryParams EMPTY = new QueryParams(Map.of());

  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  static QueryParams parse(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return EMPTY;
    }
    Map<String, String> values = new HashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = PercentDecoding.queryComponent(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : PercentDecoding.queryComponent(pair.substring(eq + 1));
      values.putIfAbsent(name, value);
    }
    return new QueryParams(values);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
