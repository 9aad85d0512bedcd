package com.northflank.operator.config;

import java.time.Duration;

/**
 * How long a sync interval may be: up to a day. Longer is refused (InvalidSpec): no job needs to be
 * read less often, and far longer values overflow the arithmetic done on them.
 */
public final class SyncIntervals {

  /** The longest interval, of a resource and of the operator's default alike. */
  public static final Duration LONGEST = Duration.ofHours(24);

  private SyncIntervals() {}

  /**
   * A resource's {@code spec.syncInterval} as declared.
   *
   * @throws IllegalArgumentException in one line when it is not a duration or is longer than
   *     {@link #LONGEST}
   */
  public static Duration declared(String text) {
    return DurationParser.parseAtMost(text, LONGEST);
  }
}
