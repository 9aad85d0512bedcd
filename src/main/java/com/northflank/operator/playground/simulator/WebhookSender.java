package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends job-run events as a Northflank notification integration of type {@code RAW_WEBHOOK} does:
 * a {@code POST} with the documented headers ({@code X-Northflank-Notification-Integration-Id},
 * {@code -Name}, {@code -Token}, {@code -Event-Id}, {@code -Event-Type}) and a JSON body {@code
 * {event, data}}. Northflank documents {@code data} for build events only; here it carries the run
 * under {@code data.jobRun} and the job (its {@code id}, {@code appId}, project) under {@code
 * data.job}, a plausible shape and no more: the operator trusts no path into it.
 *
 * <p>One sender thread, in order, with a bounded queue (the oldest event is dropped when it is
 * full), so a slow or absent receiver never slows the API.
 */
final class WebhookSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String INTEGRATION_ID = "simulator-integration";
  static final String INTEGRATION_NAME = "northflank-simulator";

  private final URI url;
  private final String secret;
  private final HttpClient http;
  private final ThreadPoolExecutor sender;
  private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  WebhookSender(URI url, String secret) {
    this.url = url;
    this.secret = secret;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "nf-simulator-webhooks");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  /**
   * Sends a job-run event for a run that started or concluded.
   *
   * @param type {@code job-run:start}, {@code job-run:success} or {@code job-run:failure}
   */
  void jobRun(String type, ObjectNode job, String projectId, String runName, Instant at) {
    ObjectNode body = JSON.createObjectNode();
    body.put("event", type);
    ObjectNode data = body.putObject("data");
    ObjectNode run = data.putObject("jobRun");
    run.put("id", UUID.randomUUID().toString());
    run.put("runName", runName);
    run.put(
        "status",
        switch (type) {
          case "job-run:success" -> "SUCCESS";
          case "job-run:failure" -> "FAILED";
          default -> "RUNNING";
        });
    run.put(type.equals("job-run:start") ? "startedAt" : "concludedAt", at.toString());
    ObjectNode described = data.putObject("job");
    described.put("id", job.path("id").asText());
    described.put("name", job.path("name").asText());
    described.put("appId", job.path("appId").asText());
    data.putObject("project").put("id", projectId);
    String eventId = UUID.randomUUID().toString();
    String text = body.toString();
    sender.execute(() -> send(type, eventId, text));
  }

  private void send(String type, String eventId, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("X-Northflank-Notification-Integration-Id", INTEGRATION_ID)
            .header("X-Northflank-Notification-Integration-Name", INTEGRATION_NAME)
            .header("X-Northflank-Notification-Integration-Event-Id", eventId)
            .header("X-Northflank-Notification-Integration-Event-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      request.header("X-Northflank-Notification-Integration-Token", secret);
    }
    try {
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      sent.incrementAndGet();
      answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    } catch (java.io.IOException e) {
      failed.incrementAndGet();
      LOG.debug("Webhook to {} failed: {}", url, e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events delivered (answered, whatever the status). */
  long sent() {
    return sent.get();
  }

  /** Events answered with this status. */
  long answered(int status) {
    AtomicLong count = answers.get(status);
    return count == null ? 0 : count.get();
  }

  /** Events that met no answer. */
  long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
