package com.northflank.operator.reconciler;

import com.northflank.operator.config.DurationParser;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While JOSDK starts the informers (it waits up to two minutes for each to list and watch, and says
 * nothing meanwhile), says every so often which of them have not synced yet: the Kubernetes API
 * answered a list, but a watch it refuses or a proxy that breaks it would otherwise go unnoticed.
 */
final class InformerStartProgress implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InformerStartProgress.class);

  static final Duration FIRST_REPORT = Duration.ofSeconds(10);
  static final Duration LATER_REPORTS = Duration.ofSeconds(30);

  private final ScheduledExecutorService timer;

  private InformerStartProgress(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static InformerStartProgress watch(RegisteredController<?> controller, String apiUrl) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "informer-start-progress");
              thread.setDaemon(true);
              return thread;
            });
    long started = System.nanoTime();
    timer.scheduleWithFixedDelay(
        () ->
            log.warn(
                "Still starting after {}: waiting for the informers to list and watch through the"
                    + " Kubernetes API at {}: {}",
                DurationParser.format(
                    Duration.ofSeconds((System.nanoTime() - started) / 1_000_000_000)),
                apiUrl,
                states(controller)),
        FIRST_REPORT.toMillis(),
        LATER_REPORTS.toMillis(),
        TimeUnit.MILLISECONDS);
    return new InformerStartProgress(timer);
  }

  /** Each informer and what it still lacks, e.g. "NorthflankJob: not synced, not watching". */
  static String states(RegisteredController<?> controller) {
    return controller
        .getControllerHealthInfo()
        .informerEventSourceHealthIndicators()
        .values()
        .stream()
        .map(InformerStartProgress::state)
        .sorted()
        .collect(Collectors.joining("; "));
  }

  private static String state(InformerWrappingEventSourceHealthIndicator<?> source) {
    String type =
        source instanceof EventSource<?, ?> eventSource
            ? eventSource.resourceType().getSimpleName()
            : source.getClass().getSimpleName();
    Map<String, InformerHealthIndicator> informers;
    try {
      informers = source.informerHealthIndicators();
    } catch (NullPointerException notStarted) {
      // JOSDK creates an informer source's cache only when it starts that source
      return type + ": not started";
    }
    if (informers.isEmpty()) {
      return type + ": not started";
    }
    return type
        + ": "
        + informers.values().stream()
            .map(
                i ->
                    (informers.size() > 1 ? "namespace " + i.getTargetNamespace() + " " : "")
                        + (i.hasSynced() ? "synced" : "not synced")
                        + (i.isWatching() ? ", watching" : ", not watching"))
            .sorted()
            .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
