package com.northflank.operator.playground.simulator;

import java.util.Locale;
import java.util.Set;

/**
 * The two spellings of a cron job's concurrency policy: requests (PATCH, settings) take {@code
 * allow|forbid|replace}, Get Job answers {@code Allow|Forbid|Replace}.
 */
final class ConcurrencyPolicy {

  static final Set<String> REQUEST_VALUES = Set.of("allow", "forbid", "replace");

  private ConcurrencyPolicy() {}

  /** {@code forbid} becomes {@code Forbid}; the caller has checked it is a request value. */
  static String toStoredForm(String requestValue) {
    return Character.toUpperCase(requestValue.charAt(0)) + requestValue.substring(1);
  }

  static String toRequestForm(String storedValue) {
    return storedValue.toLowerCase(Locale.ROOT);
  }
}
