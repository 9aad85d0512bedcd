package com.northflank.operator.reconciler;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.reconciler.TransitionEvents.JobEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes core/v1 Events about a NorthflankJob. Losing an Event never fails a sync. */
public final class EventPublisher {

  public static final String COMPONENT = "northflank-job-operator";
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final Clock clock;

  public EventPublisher(Clock clock) {
    this.clock = clock;
  }

  public void publish(KubernetesClient client, NorthflankJob job, List<JobEvent> events) {
    Instant now = clock.instant();
    // client-go names Events <object>.<unix nanos in hex>; the index keeps a batch apart
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    for (int i = 0; i < events.size(); i++) {
      JobEvent event = events.get(i);
      try {
        client
            .v1()
            .events()
            .inNamespace(job.getMetadata().getNamespace())
            .resource(
                toEvent(
                    job,
                    event,
                    now,
                    job.getMetadata().getName() + "." + Long.toHexString(nanos + i)))
            .create();
      } catch (KubernetesClientException e) {
        log.warn("Could not record Event {}: HTTP {}", event.reason(), e.getCode());
      }
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
        .withMessage(event.message())
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
