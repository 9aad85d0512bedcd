package com.northflank.operator.playground.bench;

import com.northflank.operator.config.DurationParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The webhook scenario's rows: polling and webhooks side by side, with the targets. */
final class WebhookTable {

  /** Webhook requests per job per hour, as a share of polling's. */
  static final double REQUESTS_TARGET = 0.55;

  /** From a run failing to the reconcile that records it, with webhooks. */
  static final Duration SEEN_TARGET = Duration.ofSeconds(2);

  private WebhookTable() {}

  static String format(WebhookRun.Settings settings, List<WebhookRun.Result> results) {
    WebhookRun.Result polling = results.get(0);
    WebhookRun.Result webhook = results.get(1);
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "webhook: "
              + settings.jobs()
              + " jobs at "
              + DurationParser.format(settings.interval())
              + ", budget "
              + settings.budget()
              + ", "
              + String.format(Locale.ROOT, "%.1f", settings.runsPerJobPerHour())
              + " failing runs per job per hour",
          "polling",
          "webhook",
          "target"
        });
    double ratio =
        webhook.perJobPerHour(webhook.total()) / polling.perJobPerHour(polling.total());
    rows.add(
        new String[] {
          "  Northflank requests per job per hour",
          f1(polling.perJobPerHour(polling.total())),
          f1(webhook.perJobPerHour(webhook.total()))
              + String.format(Locale.ROOT, " (%.2fx)", ratio),
          "webhook <= " + REQUESTS_TARGET + "x polling"
        });
    rows.add(
        new String[] {
          "    of which Get Job",
          f1(polling.perJobPerHour(polling.getJob())),
          f1(webhook.perJobPerHour(webhook.getJob())),
          ""
        });
    rows.add(
        new String[] {
          "    of which runs",
          f1(polling.perJobPerHour(polling.runs())),
          f1(webhook.perJobPerHour(webhook.runs())),
          ""
        });
    rows.add(
        new String[] {
          "    of which list sweeps",
          f1(polling.perJobPerHour(polling.lists())),
          f1(webhook.perJobPerHour(webhook.lists())),
          ""
        });
    rows.add(
        new String[] {
          "  run failed -> RunFailed: median / p95 / max",
          latency(polling.failureSeen()),
          latency(webhook.failureSeen()),
          "webhook <= " + seconds(SEEN_TARGET)
        });
    rows.add(
        new String[] {
          "  failed runs seen / not seen",
          polling.failureSeen().count() + " / " + polling.failureSeen().undetected(),
          webhook.failureSeen().count() + " / " + webhook.failureSeen().undetected(),
          "all seen"
        });
    rows.add(
        new String[] {
          "  429 responses",
          Long.toString(polling.tooManyRequests()),
          Long.toString(webhook.tooManyRequests()),
          "0"
        });
    rows.add(
        new String[] {
          "  webhook events accepted / naming a watched job",
          "-",
          webhook.webhooksAccepted() + " / " + webhook.webhooksMatched(),
          ""
        });
    WebhookRun.Half quiet = webhook.quiet();
    WebhookRun.Half flooded = webhook.flooded();
    rows.add(
        new String[] {
          "flood of bad webhook requests (loopback, second half of the webhook window)",
          "no flood",
          "flood",
          ""
        });
    rows.add(
        new String[] {
          "  bad requests per second / refused (401, 413)",
          "0",
          String.format(
              Locale.ROOT, "%.0f / %d", flooded.floodPerSecond(), flooded.floodRefused()),
          ""
        });
    rows.add(
        new String[] {
          "  full reads (Get Job) per minute",
          f1(quiet.fullReadsPerMinute()),
          f1(flooded.fullReadsPerMinute()),
          "flood within 5% of no flood"
        });
    rows.add(
        new String[] {
          "  run failed -> RunFailed: median / p95 / max",
          latency(quiet.failureSeen()),
          latency(flooded.failureSeen()),
          "flood <= " + seconds(SEEN_TARGET)
        });
    return Bench.formatRows(rows);
  }

  private static String latency(FreshnessRun.Latencies l) {
    if (l.count() == 0) {
      return "-";
    }
    return seconds(l.median()) + " / " + seconds(l.p95()) + " / " + seconds(l.max());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
