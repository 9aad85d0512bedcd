package com.northflank.operator.config;

import java.time.Duration;

/** A request budget as the API account states it: {@code requests} per {@code window}. */
public record ApiBudget(int requests, Duration window) {

  /** Northflank's default account limit. */
  public static final ApiBudget NORTHFLANK_DEFAULT = new ApiBudget(1000, Duration.ofHours(1));

  public ApiBudget {
    if (requests < 1) {
      throw new IllegalArgumentException("a budget needs at least one request");
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("a budget needs a window longer than zero");
    }
  }

  /** Parses {@code 1000/1h}, {@code 20/1s}, ... */
  public static ApiBudget parse(String text) {
    String[] parts = text.trim().split("/", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("'" + text + "' is not a budget such as 1000/1h");
    }
    int requests;
    try {
      requests = Integer.parseInt(parts[0].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a budget such as 1000/1h");
    }
    return new ApiBudget(requests, DurationParser.parse(parts[1].trim()));
  }

  /** Requests per second. */
  public double rate() {
    return requests / (window.toNanos() / 1e9);
  }

  @Override
  public String toString() {
    return requests + "/" + DurationParser.format(window);
  }
}
