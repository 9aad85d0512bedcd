package com.northflank.operator.budget;

import java.time.Duration;

/** Whether a read may go ahead now, or when to come back. */
public sealed interface Admission {

  Admission NOW = new Now();

  static Admission after(Duration delay) {
    return new Later(delay);
  }

  /** Read now. */
  record Now() implements Admission {}

  /** Do not read; come back after the delay (a slot is held for then, or the token is paused). */
  record Later(Duration delay) implements Admission {}
}
