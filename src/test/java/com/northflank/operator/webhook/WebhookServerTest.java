package com.northflank.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.northflank.operator.observability.WebhookMetrics;
import com.northflank.operator.observability.WebhookMetrics.Answer;
import com.northflank.operator.observability.WebhookMetrics.Outcome;
import com.northflank.operator.runs.RunsPolling;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The webhook endpoint through HTTP: each refusal, each outcome, each counted. */
class WebhookServerTest {

  private static final String SECRET = "nf-webhook-canary-3b7d2e";
  private static final String BODY =
      "{\"event\":\"job-run:failure\",\"data\":{\"run\":{\"id\":\"r-1\","
          + "\"appId\":\"/example-user/proj/nightly\",\"status\":\"FAILED\"}}}";

  @TempDir Path dir;

  private final WebhookMetrics metrics = new WebhookMetrics(new SimpleMeterRegistry());
  private final RunEventTargets targets = new RunEventTargets();
  private final RunsPolling runs = RunsPolling.onEvents(Duration.ofHours(1));
  private final List<ResourceID> readNow = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final AtomicLong ids = new AtomicLong();
  private WebhookServer server;
  private URI url;

  @BeforeEach
  void start() throws IOException {
    logs.start();
    ((Logger) LoggerFactory.getLogger("com.northflank.operator")).addAppender(logs);
    Path tokenFile = Files.writeString(dir.resolve("token"), SECRET + "\n");
    targets.watch(
        "team-a/nightly",
        new ResourceID("nightly", "team-a"),
        "proj",
        "nightly",
        "/example-user/proj/nightly");
    server =
        WebhookServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            WebhookToken.fromFile(tokenFile),
            new RunEvents(targets, runs, readNow::add, metrics));
    url = URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH);
  }

  @AfterEach
  void stop() {
    server.close();
    ((Logger) LoggerFactory.getLogger("com.northflank.operator")).detachAppender(logs);
    assertThat(logs.list)
        .as("the token is never logged")
        .noneMatch(e -> e.getFormattedMessage().contains(SECRET));
  }

  private HttpResponse<String> post(String token, String eventId, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header(WebhookServer.TOKEN_HEADER, token);
    }
    if (eventId != null) {
      request.header(WebhookServer.EVENT_ID_HEADER, eventId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String id() {
    return "event-" + ids.incrementAndGet();
  }

  @Test
  void aJobRunEventNamingAWatchedJobIsAcceptedAndItsRunsReadNow() throws Exception {
    assertThat(post(SECRET, id(), BODY).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(5)).until(() -> readNow.size() == 1);
    assertThat(readNow).containsExactly(new ResourceID("nightly", "team-a"));
    assertThat(runs.isNamed("team-a/nightly")).isTrue();
    assertThat(metrics.count(Answer.ACCEPTED)).isEqualTo(1);
    assertThat(metrics.count(Outcome.MATCHED)).isEqualTo(1);
  }

  @Test
  void noTokenOrAWrongOneIsRefusedAndCountedAndDoesNoWork() throws Exception {
    assertThat(post(null, id(), BODY).statusCode()).isEqualTo(401);
    assertThat(post(SECRET + "x", id(), BODY).statusCode()).isEqualTo(401);
    assertThat(post(SECRET.substring(1), id(), BODY).statusCode()).isEqualTo(401);
    assertThat(post("", id(), BODY).statusCode()).isEqualTo(401);

    assertThat(metrics.count(Answer.UNAUTHORIZED)).isEqualTo(4);
    assertThat(metrics.count(Answer.ACCEPTED)).isZero();
    assertThat(readNow).isEmpty();
    assertThat(runs.isNamed("team-a/nightly")).isFalse();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWithoutBeingReadToTheEnd() throws Exception {
    String big = "{\"event\":\"job-run:failure\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertThat(post(SECRET, id(), big).statusCode()).isEqualTo(413);

    // without a Content-Length: the server stops reading at the limit and answers
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + WebhookServer.PATH
                  + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                  + WebhookServer.TOKEN_HEADER
                  + ": "
                  + SECRET
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 5; i++) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      // the last chunk is never sent: an answer now proves the server stopped at the limit
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
    }
    assertThat(metrics.count(Answer.TOO_LARGE)).isEqualTo(2);
    assertThat(readNow).isEmpty();
  }

  @Test
  void anEventIdSeenBeforeIsAnsweredAndIgnored() throws Exception {
    String id = id();
    assertThat(post(SECRET, id, BODY).statusCode()).isEqualTo(202);
    assertThat(post(SECRET, id, BODY).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.count(Outcome.MATCHED) == 1);
    assertThat(metrics.count(Answer.DUPLICATE)).isEqualTo(1);
    assertThat(readNow).hasSize(1);
  }

  @Test
  void anEventNamingNoWatchedJobIsCountedAndDropped() throws Exception {
    String body =
        "{\"event\":\"job-run:failure\",\"data\":{\"job\":{\"id\":\"someone-else\","
            + "\"appId\":\"/example-user/proj/someone-else\"}}}";
    assertThat(post(SECRET, id(), body).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.count(Outcome.UNMATCHED) == 1);
    assertThat(readNow).isEmpty();
  }

  @Test
  void anEventOfAnotherKindIsIgnored() throws Exception {
    String body = "{\"event\":\"build:start\",\"data\":{\"build\":{\"id\":\"nightly\"}}}";
    assertThat(post(SECRET, id(), body).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.count(Outcome.IGNORED) == 1);
    assertThat(readNow).isEmpty();
  }

  @Test
  void theHeaderSaysTheEventTypeWhenTheBodyDoesNot() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header(WebhookServer.TOKEN_HEADER, SECRET)
            .header(WebhookServer.EVENT_TYPE_HEADER, "trigger:job-run:success")
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\":[\"nightly\"]}"))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(5)).until(() -> readNow.size() == 1);
  }

  @Test
  void aBodyThatIsNoJsonObjectIsRefused() throws Exception {
    assertThat(post(SECRET, id(), "not json").statusCode()).isEqualTo(400);
    assertThat(post(SECRET, id(), "[\"nightly\"]").statusCode()).isEqualTo(400);
    assertThat(post(SECRET, id(), "[".repeat(5000)).statusCode()).isEqualTo(400);
    assertThat(metrics.count(Answer.MALFORMED)).isEqualTo(3);
    assertThat(readNow).isEmpty();
  }

  @Test
  void onlyPostToTheOnePathIsServed() throws Exception {
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(url).header(WebhookServer.TOKEN_HEADER, SECRET).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> elsewhere =
        http.send(
            HttpRequest.newBuilder(url.resolve("/metrics"))
                .header(WebhookServer.TOKEN_HEADER, SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(readNow).isEmpty();
  }

  @Test
  void aMissingTokenFileRefusesEveryRequest() throws Exception {
    server.close();
    server =
        WebhookServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            WebhookToken.fromFile(dir.resolve("absent")),
            new RunEvents(targets, runs, readNow::add, metrics));
    url = URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH);

    assertThat(post(SECRET, id(), BODY).statusCode()).isEqualTo(401);
    assertThat(post("", id(), BODY).statusCode()).isEqualTo(401);
    assertThat(readNow).isEmpty();
  }
}
