package com.northflank.operator.webhook;

import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.runs.RunsPolling;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an accepted event does: a job-run event naming watched jobs ({@link RunEventTargets}) marks
 * their runs to be read and reconciles them now, where the budget's urgent lane takes the read; one
 * naming none is counted and dropped; any other event is counted and ignored.
 */
public final class RunEvents {

  private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

  private final RunEventTargets targets;
  private final RunsPolling runs;
  private final Consumer<ResourceID> readNow;
  private final WebhookMetrics metrics;

  /**
   * @param readNow reconciles a resource now
   */
  public RunEvents(
      RunEventTargets targets,
      RunsPolling runs,
      Consumer<ResourceID> readNow,
      WebhookMetrics metrics) {
    this.targets = targets;
    this.runs = runs;
    this.readNow = readNow;
    this.metrics = metrics;
  }

  public WebhookMetrics metrics() {
    return metrics;
  }

  public void handle(RunEvent event) {
    if (!event.isJobRun()) {
      metrics.handled(WebhookMetrics.Outcome.IGNORED);
      log.debug("Ignored a webhook event that is no job-run event");
      return;
    }
    List<RunEventTargets.Target> named = targets.named(event.strings());
    if (named.isEmpty()) {
      metrics.handled(WebhookMetrics.Outcome.UNMATCHED);
      log.debug("A job-run webhook event names no watched job: dropped");
      return;
    }
    metrics.handled(WebhookMetrics.Outcome.MATCHED);
    for (RunEventTargets.Target target : named) {
      runs.named(target.key());
      log.debug("A job-run webhook event names {}: its runs are read now", target.key());
      readNow.accept(target.resource());
    }
  }
}
