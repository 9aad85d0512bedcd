package com.northflank.operator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.northflank.operator.playground.kubernetes.EmbeddedKubernetes;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.events.TransitionEvents.JobEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static EmbeddedKubernetes kubernetes;

  @BeforeAll
  static void startKubernetes() {
    kubernetes = EmbeddedKubernetes.start();
    // the client's first request opens its connection; no test's timing should pay for that
    kubernetes.client().v1().events().inNamespace("warm-up").list();
  }

  @AfterAll
  static void stopKubernetes() {
    kubernetes.close();
  }

  @AfterEach
  void letEventsThrough() {
    kubernetes.requests().setInterceptor(request -> Optional.empty());
  }

  @Test
  void aReconcileDoesNotWaitForTheApiServerAndItsEventsArriveInOrder() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    CountDownLatch gate = holdEventCreates(answered);
    try (EventPublisher publisher = new EventPublisher(Clock.systemUTC())) {
      publisher.publish(
          kubernetes.client(), job("ordered"), List.of(normal("First"), normal("Second")));
      publisher.publish(kubernetes.client(), job("ordered"), List.of(normal("Third")));

      assertThat(answered).as("publish returned before the API server answered").hasValue(0);
      gate.countDown();
      await().atMost(TIMEOUT).until(() -> events("ordered").size() == 3);
    }
    assertThat(events("ordered"))
        .extracting(Event::getReason)
        .containsExactly("First", "Second", "Third");
  }

  @Test
  void whenTheQueueIsFullEventsAreDroppedNotWaitedFor() throws Exception {
    CountDownLatch gate = holdEventCreates(new AtomicInteger());
    try (EventPublisher publisher = new EventPublisher(Clock.systemUTC(), 2)) {
      // the first is being sent (held), two wait in the queue, two find it full
      publisher.publish(
          kubernetes.client(),
          job("full"),
          List.of(normal("A"), normal("B"), normal("C"), normal("D"), normal("E")));

      assertThat(publisher.dropped()).isEqualTo(2);
      gate.countDown();
      await().atMost(TIMEOUT).until(() -> events("full").size() == 3);
    }
    assertThat(events("full"))
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("A", "B", "C");
  }

  @Test
  void closingSendsWhatIsQueuedFirst() {
    EventPublisher publisher = new EventPublisher(Clock.systemUTC());
    publisher.publish(
        kubernetes.client(),
        job("flushed"),
        List.of(normal("One"), normal("Two"), normal("Three")));

    publisher.close();

    assertThat(events("flushed")).hasSize(3);
  }

  @Test
  void anEventTheApiRefusesIsLoggedAndTheNextOneIsStillSent() {
    AtomicInteger creates = new AtomicInteger();
    kubernetes
        .requests()
        .setInterceptor(
            eventCreates(
                request ->
                    creates.incrementAndGet() == 1
                        ? Optional.of(new MockResponse().setResponseCode(403).setBody("{}"))
                        : Optional.empty()));
    try (EventPublisher publisher = new EventPublisher(Clock.systemUTC())) {
      publisher.publish(kubernetes.client(), job("refused"), List.of(normal("Refused")));
      publisher.publish(kubernetes.client(), job("refused"), List.of(normal("Accepted")));

      await().atMost(TIMEOUT).until(() -> events("refused").size() == 1);
    }
    assertThat(events("refused")).extracting(Event::getReason).containsExactly("Accepted");
    assertThat(creates).hasValue(2);
  }

  @Test
  void eventNamesOfLongResourceNamesAreValidAndUnique() {
    // a resource name may be as long as a DNS subdomain, 253 characters; so may an Event's name
    String prefix = "a".repeat(200) + ".b";
    String longest = prefix + "c".repeat(253 - prefix.length());
    String sibling = prefix + "d".repeat(253 - prefix.length());
    try (EventPublisher publisher = new EventPublisher(Clock.systemUTC())) {
      publisher.publish(
          kubernetes.client(), job("long-names", longest), List.of(normal("A"), normal("B")));
      publisher.publish(kubernetes.client(), job("long-names", sibling), List.of(normal("C")));
    }

    List<Event> events = events("long-names");
    assertThat(events).hasSize(3);
    assertThat(events)
        .extracting(e -> e.getMetadata().getName())
        .doesNotHaveDuplicates()
        .allSatisfy(
            name ->
                assertThat(name)
                    .hasSizeLessThanOrEqualTo(253)
                    .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"));
    assertThat(events)
        .extracting(e -> e.getInvolvedObject().getName())
        .containsExactly(longest, longest, sibling);
  }

  @Test
  void aShortResourceNameKeepsClientGosEventNames() {
    try (EventPublisher publisher = new EventPublisher(Clock.systemUTC())) {
      publisher.publish(kubernetes.client(), job("short-name"), List.of(normal("A")));
    }

    assertThat(events("short-name"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMetadata().getName()).matches("example\\.[0-9a-f]+"));
  }

  @Test
  void anEventMessageIsCappedToWhatTheApiServerAccepts() {
    // events.k8s.io/v1 caps a note at 1 kB; core/v1 Events are held to the same by client-go
    String huge = "x".repeat(100_000);
    try (EventPublisher publisher = new EventPublisher(Clock.systemUTC())) {
      publisher.publish(
          kubernetes.client(),
          job("huge-message"),
          List.of(new JobEvent(JobEvent.WARNING, "SyncFailed", huge)));
    }

    assertThat(events("huge-message"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .hasSizeLessThanOrEqualTo(1024)
                    .startsWith("xxxx")
                    .contains("truncated"));
  }

  private static Function<RecordedRequest, Optional<MockResponse>> eventCreates(
      Function<RecordedRequest, Optional<MockResponse>> answer) {
    return request ->
        request.getMethod().equals("POST") && request.getPath().endsWith("/events")
            ? answer.apply(request)
            : Optional.empty();
  }

  /** Holds every Event create until the returned gate opens, counting those let through. */
  private static CountDownLatch holdEventCreates(AtomicInteger answered) {
    CountDownLatch gate = new CountDownLatch(1);
    kubernetes.requests().setInterceptor(eventCreates(request -> held(gate, answered)));
    return gate;
  }

  /** Holds the request until the gate opens, then lets the store answer it. */
  private static Optional<MockResponse> held(CountDownLatch gate, AtomicInteger answered) {
    try {
      gate.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    answered.incrementAndGet();
    return Optional.empty();
  }

  private static List<Event> events(String namespace) {
    return kubernetes.client().v1().events().inNamespace(namespace).list().getItems().stream()
        // in the order the store took them
        .sorted(Comparator.comparing(e -> Long.parseLong(e.getMetadata().getResourceVersion())))
        .toList();
  }

  private static JobEvent normal(String reason) {
    return new JobEvent(JobEvent.NORMAL, reason, reason + " happened");
  }

  private static NorthflankJob job(String namespace) {
    return job(namespace, "example");
  }

  private static NorthflankJob job(String namespace, String name) {
    NorthflankJob job = new NorthflankJob();
    job.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withUid("uid-" + namespace)
            .withResourceVersion("7")
            .build());
    return job;
  }
}
