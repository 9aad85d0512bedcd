package com.northflank.operator.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Condition bookkeeping the Kubernetes way: the transition time moves only when status flips. */
public final class Conditions {

  /**
   * The longest message a condition carries; longer ones are cut with a marker ({@link
   * TextLimit}). Messages quote what users declare and what Northflank answers.
   */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }

  /**
   * The condition to write, keeping the previous transition time when only reason, message or
   * generation changed.
   */
  public static Condition transition(
      List<Condition> previous,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    String lastTransitionTime =
        find(previous, type)
            .filter(old -> status.equals(old.status()) && old.lastTransitionTime() != null)
            .map(Condition::lastTransitionTime)
            .orElse(Timestamps.format(now));
    return new Condition(
        type,
        status,
        reason,
        TextLimit.cut(message, MAX_MESSAGE_LENGTH),
        lastTransitionTime,
        observedGeneration);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> Condition.TRUE.equals(c.status())).orElse(false);
  }

  public static boolean isFalse(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> Condition.FALSE.equals(c.status())).orElse(false);
  }
}
