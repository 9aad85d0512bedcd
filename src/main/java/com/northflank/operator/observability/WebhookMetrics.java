package com.northflank.operator.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * What became of each webhook request and of each event it carried: a counter per outcome, all
 * registered at once so that a dashboard or an alert sees zeroes rather than no series.
 */
public final class WebhookMetrics {

  public static final String REQUESTS = "northflank.webhook.requests";
  public static final String EVENTS = "northflank.webhook.events";

  /** How a request was answered. */
  public enum Answer {
    /** 202: taken, its event queued. */
    ACCEPTED("accepted"),
    /** 200: an event id seen before, ignored. */
    DUPLICATE("duplicate"),
    /** 401: no token, or the wrong one. */
    UNAUTHORIZED("unauthorized"),
    /** 413: a body over the limit, not read past it. */
    TOO_LARGE("too_large"),
    /** 400: a body that is no JSON object. */
    MALFORMED("malformed"),
    /** 404 or 405: another path or method. */
    NOT_FOUND("not_found"),
    /** 503: the queue of events is full. */
    BUSY("busy");

    private final String tag;

    Answer(String tag) {
      this.tag = tag;
    }
  }

  /** What an accepted event led to. */
  public enum Outcome {
    /** A job-run event naming a watched job: its runs read went out. */
    MATCHED("matched"),
    /** A job-run event naming no watched job: dropped. */
    UNMATCHED("unmatched"),
    /** Not a job-run event: nothing to do. */
    IGNORED("ignored");

    private final String tag;

    Outcome(String tag) {
      this.tag = tag;
    }
  }

  private final Map<Answer, Counter> answers = new EnumMap<>(Answer.class);
  private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

  public WebhookMetrics(MeterRegistry registry) {
    for (Answer answer : Answer.values()) {
      answers.put(
          answer,
          Counter.builder(REQUESTS)
              .description("Webhook requests by how they were answered")
              .tag("outcome", answer.tag)
              .register(registry));
    }
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(
          outcome,
          Counter.builder(EVENTS)
              .description("Accepted webhook events by what they led to")
              .tag("outcome", outcome.tag)
              .register(registry));
    }
  }

  public void answered(Answer answer) {
    answers.get(answer).increment();
  }

  public void handled(Outcome outcome) {
    outcomes.get(outcome).increment();
  }

  /** How many requests were answered so. */
  public long count(Answer answer) {
    return (long) answers.get(answer).count();
  }

  /** How many accepted events led to this. */
  public long count(Outcome outcome) {
    return (long) outcomes.get(outcome).count();
  }
}
