package com.northflank.operator.events;

import com.northflank.operator.events.TransitionEvents.JobEvent;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.TextLimit;
import com.northflank.operator.model.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes core/v1 Events about a NorthflankJob from a thread of its own, as client-go's recorder
 * does: a reconcile hands its Events over and goes on, so an Event never holds a reconcile thread
 * (the client retries a failing API server for about 20 s) and never fails a sync. The queue is
 * bounded: when the API server cannot keep up, Events are dropped, never memory or reconciles.
 * Events are sent in the order they were published.
 */
public final class EventPublisher implements AutoCloseable {

  public static final String COMPONENT = "northflank-job-operator";

  /**
   * The longest message an Event carries: events.k8s.io/v1 refuses a longer note, and client-go's
   * recorder cuts core/v1 messages to the same. Longer ones are cut with a visible marker.
   */
  static final int MAX_MESSAGE_LENGTH = 1024;

  /** Kubernetes object names are DNS subdomains of at most this many characters. */
  static final int MAX_NAME_LENGTH = 253;

  /** Events waiting to be sent; client-go's recorder keeps as many. */
  static final int QUEUE_CAPACITY = 1000;

  /** How long a close waits for queued Events: a stopping process is gone within seconds. */
  static final Duration FLUSH_GRACE = Duration.ofSeconds(1);

  private static final Duration IDLE_THREAD_KEEP_ALIVE = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final Clock clock;
  private final ThreadPoolExecutor sender;
  private final AtomicLong dropped = new AtomicLong();

  public EventPublisher(Clock clock) {
    this(clock, QUEUE_CAPACITY);
  }

  EventPublisher(Clock clock, int queueCapacity) {
    this.clock = clock;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            IDLE_THREAD_KEEP_ALIVE.toMillis(),
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread = new Thread(task, "event-publisher");
              thread.setDaemon(true);
              return thread;
            },
            (task, executor) -> drop(executor));
    // an idle publisher holds no thread, whether or not its operator is ever stopped
    this.sender.allowCoreThreadTimeOut(true);
  }

  /** Queues the Events; returns without waiting for the API server. */
  public void publish(KubernetesClient client, NorthflankJob job, List<JobEvent> events) {
    Instant now = clock.instant();
    // client-go names Events <object>.<unix nanos in hex>; the index keeps a batch apart
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    for (int i = 0; i < events.size(); i++) {
      Event event =
          toEvent(
              job,
              events.get(i),
              now,
              eventName(job.getMetadata().getName(), Long.toHexString(nanos + i)));
      sender.execute(() -> create(client, event));
    }
  }

  /**
   * client-go's {@code <object>.<suffix>}, when it fits in a name. A longer object name is cut and
   * tagged with a hash of the whole name, so that two long names sharing their first characters
   * still give Events of their own; the cut never leaves a '.' or '-' where a name may not end.
   */
  static String eventName(String objectName, String suffix) {
    String name = objectName + "." + suffix;
    if (name.length() <= MAX_NAME_LENGTH) {
      return name;
    }
    String hash = shortHash(objectName);
    int keep = MAX_NAME_LENGTH - suffix.length() - hash.length() - 2;
    String head = objectName.substring(0, keep).replaceAll("[-.]+$", "");
    return head + "-" + hash + "." + suffix;
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      // every Java platform has SHA-256
      throw new IllegalStateException(e);
    }
  }

  /** Events dropped so far because the queue was full or the publisher closed. */
  long dropped() {
    return dropped.get();
  }

  /** Sends what is queued, waiting at most {@link #FLUSH_GRACE}; later Events are dropped. */
  @Override
  public void close() {
    close(FLUSH_GRACE);
  }

  void close(Duration grace) {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        int unsent = sender.shutdownNow().size();
        log.warn("Stopping: {} queued Event(s) not recorded", unsent);
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void drop(ThreadPoolExecutor executor) {
    long total = dropped.incrementAndGet();
    if (executor.isShutdown()) {
      log.debug("Event not recorded: the operator is stopping");
    } else if (total == 1 || total % QUEUE_CAPACITY == 0) {
      log.warn(
          "The Kubernetes API does not keep up with the operator's Events: {} dropped so far",
          total);
    }
  }

  private static void create(KubernetesClient client, Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      // anything else too: a thread that died here would take the queue's order with it
      log.warn(
          "Could not record Event {} for {}/{}: {}",
          event.getReason(),
          event.getInvolvedObject().getNamespace(),
          event.getInvolvedObject().getName(),
          e instanceof KubernetesClientException failed
              ? "HTTP " + failed.getCode()
              : e.getClass().getSimpleName());
    }
  }

  private static Event toEvent(NorthflankJob job, JobEvent event, Instant now, String name) {
    String timestamp = Timestamps.format(now);
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(job.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(job.getApiVersion())
                .withKind(job.getKind())
                .withName(job.getMetadata().getName())
                .withNamespace(job.getMetadata().getNamespace())
                .withUid(job.getMetadata().getUid())
                .withResourceVersion(job.getMetadata().getResourceVersion())
                .build())
        .withType(event.type())
        .withReason(event.reason())
        .withMessage(TextLimit.cut(event.message(), MAX_MESSAGE_LENGTH))
        .withFirstTimestamp(timestamp)
        .withLastTimestamp(timestamp)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }
}
