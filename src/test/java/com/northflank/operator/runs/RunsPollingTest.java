package com.northflank.operator.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When runs are read: at every read without webhooks; on events and hourly with them. */
class RunsPollingTest {

  private final AtomicLong now = new AtomicLong();
  private final RunsPolling onEvents = RunsPolling.onEvents(Duration.ofHours(1), now::get);

  @Test
  void withoutWebhooksEveryReadReadsTheRunsTooAndCostsTwo() {
    RunsPolling everyRead = RunsPolling.everyRead();
    everyRead.readStarted("a/b");

    assertThat(everyRead.due("a/b")).isTrue();
    assertThat(everyRead.requestsPerSync(true)).isEqualTo(2);
    assertThat(everyRead.requestsPerSync(false)).isEqualTo(1);
  }

  @Test
  void withWebhooksTheRunsAreDueFirstThenOnlyAfterTheBackstop() {
    assertThat(onEvents.requestsPerSync(true)).isEqualTo(1);
    assertThat(onEvents.due("a/b")).as("never read").isTrue();

    onEvents.readStarted("a/b");
    now.addAndGet(Duration.ofMinutes(59).toNanos());
    assertThat(onEvents.due("a/b")).isFalse();

    now.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(onEvents.due("a/b")).isTrue();
  }

  @Test
  void anEventMakesThemDueUntilTheirReadStarts() {
    onEvents.readStarted("a/b");
    onEvents.named("a/b");

    assertThat(onEvents.isNamed("a/b")).isTrue();
    assertThat(onEvents.due("a/b")).isTrue();

    onEvents.readStarted("a/b");
    assertThat(onEvents.isNamed("a/b")).isFalse();
    assertThat(onEvents.due("a/b")).isFalse();

    // an event during the read asks for another one
    onEvents.named("a/b");
    assertThat(onEvents.due("a/b")).isTrue();
  }

  @Test
  void aForgottenResourceIsReadAfreshAndNamedNoMore() {
    onEvents.readStarted("a/b");
    onEvents.named("a/b");
    onEvents.forget("a/b");

    assertThat(onEvents.isNamed("a/b")).isFalse();
    assertThat(onEvents.due("a/b")).isTrue();
  }
}
