package com.northflank.operator.config;

import java.time.Duration;

/** A request budget as the API account states it: {@code requests} per {@code window}. */
public record ApiBudget(int requests, Duration window) {

  /** The fewest requests a window may allow: one of them is always kept back. */
  public static final int FEWEST_REQUESTS = 2;

  /** The shortest window. */
  public static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);

  /** The longest window, which is also the longest pause the server may impose. */
  public static final Duration LONGEST_WINDOW = Duration.ofHours(24);

  /** Northflank's default account limit. */
  public static final ApiBudget NORTHFLANK_DEFAULT = new ApiBudget(1000, Duration.ofHours(1));

  public ApiBudget {
    if (requests < FEWEST_REQUESTS) {
      throw new IllegalArgumentException(
          "a budget needs at least "
              + FEWEST_REQUESTS
              + " requests per window (one is kept back), got "
              + requests);
    }
    if (window.compareTo(SHORTEST_WINDOW) < 0 || window.compareTo(LONGEST_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "a budget's window must be between "
              + DurationParser.format(SHORTEST_WINDOW)
              + " and "
              + DurationParser.format(LONGEST_WINDOW)
              + ", got "
              + DurationParser.format(window));
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
    return new ApiBudget(
        requests, DurationParser.parseBetween(parts[1].trim(), SHORTEST_WINDOW, LONGEST_WINDOW));
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
