package com.northflank.operator.budget;

import java.time.Duration;

/** Whether a read may go ahead now, or when to come back. */
public sealed interface Admission {

  /** One request now. */
  Admission NOW = new Now(1);

  static Admission after(Duration delay) {
    return new Later(delay);
  }

  /**
   * Go ahead now.
   *
   * @param requests how many of the requests asked for may be sent: all of them, or, for an urgent
   *     sync whose follow-up reads would have to queue behind routine polls, only the first
   */
  record Now(int requests) implements Admission {}

  /** Do not read; come back after the delay (a slot is held for then, or the token is paused). */
  record Later(Duration delay) implements Admission {}
}
