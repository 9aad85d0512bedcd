package com.northflank.operator.config;

import java.time.Duration;

/**
 * How short and how long a sync interval may be. Below the floor ({@code --min-sync-interval}) a
 * resource's interval is raised to it: the CRD refuses such values, so only a resource admitted
 * before the rule (or by an API server without CEL) still has one, and it is read at the floor
 * rather than failed. Above a day it is refused (InvalidSpec): no job needs to be read less often,
 * and far longer values overflow the arithmetic done on them.
 */
public final class SyncIntervals {

  /** The longest interval, of a resource and of the operator's default alike. */
  public static final Duration LONGEST = Duration.ofHours(24);

  /** The floor unless {@code --min-sync-interval} says otherwise; the CRD refuses shorter. */
  public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(10);

  /** The lowest floor the operator may be given (tests and the demo read every second). */
  public static final Duration LOWEST_FLOOR = Duration.ofSeconds(1);

  private SyncIntervals() {}

  /**
   * A resource's {@code spec.syncInterval} as declared, before the floor.
   *
   * @throws IllegalArgumentException in one line when it is not a duration or is longer than
   *     {@link #LONGEST}
   */
  public static Duration declared(String text) {
    return DurationParser.parseAtMost(text, LONGEST);
  }
}
