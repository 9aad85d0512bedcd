package com.northflank.operator.client;

import static com.northflank.operator.client.Fixtures.CANARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.NorthflankApiException.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a Get Job call can fail, and that none of them reveals the token. */
class HttpNorthflankClientFailureTest {

  private static final ApiToken TOKEN = ApiToken.of(CANARY);
  private static final JobRef JOB = new JobRef(null, "default-project", "example-job");
  private static final String ROUTE = "GET /v1/projects/{projectId}/jobs/{jobId}";

  /** Messages name the job beside the route template. */
  private static final String SUBJECT = ROUTE + " (project default-project, job example-job)";

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final NorthflankStandIn api = NorthflankStandIn.start();
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final HttpNorthflankClient client = clientFor(api.baseUri(), Duration.ofSeconds(5));

  @AfterEach
  void stopStandIn() {
    api.close();
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "401, UNAUTHORIZED, false",
    "403, FORBIDDEN, false",
    "404, NOT_FOUND, false",
    "410, NOT_FOUND, false",
    "400, BAD_REQUEST, false",
    "422, BAD_REQUEST, false",
    "409, CONFLICT, true",
    "429, RATE_LIMITED, true",
    "408, UNAVAILABLE, true",
    "500, UNAVAILABLE, true",
    "502, UNAVAILABLE, true",
    "503, UNAVAILABLE, true",
    "504, UNAVAILABLE, true"
  })
  void errorStatusMapsToKind(int status, Kind kind, boolean retryable) {
    api.replyJson(
        status, "{\"error\": {\"status\": " + status + ", \"message\": \"the API says no\"}}");

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.httpStatus()).hasValue(status);
    assertThat(e.getMessage()).isEqualTo(SUBJECT + " failed: HTTP " + status + ": the API says no");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{\"error\": \"nope\"}",
        "{\"error\": {\"message\": 42}}",
        "{\"error\": {\"message\": \"   \"}}",
        "[]",
        "null"
      })
  void missingOrMalformedErrorBodyFallsBackToTheStatus(String body) {
    api.replyJson(404, body);

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo(SUBJECT + " failed: HTTP 404");
  }

  @Test
  void unavailableWithHtmlBodyKeepsTheHtmlOut() {
    api.reply(
        503,
        "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
        "Content-Type",
        "text/html");

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.getMessage()).isEqualTo(SUBJECT + " failed: HTTP 503");
  }

  @Test
  void longErrorMessagesAreFlattenedAndShortened() {
    String longMessage = "line one\nline\ttwo " + "x".repeat(500);
    api.replyJson(
        400, "{\"error\": {\"message\": " + Fixtures.JSON.valueToTree(longMessage) + "}}");

    NorthflankApiException e = failure();

    String apiPart = e.getMessage().substring((SUBJECT + " failed: HTTP 400: ").length());
    assertThat(apiPart).startsWith("line one line two xxx").hasSize(SafeText.MAX_LENGTH + 1);
    assertThat(e.getMessage()).doesNotContain("\n", "\t");
  }

  @Test
  void rateLimitedHonoursRetryAfterSeconds() {
    api.replyJson(429, "{}", "Retry-After", "30", "x-ratelimit-reset", "1800");

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void rateLimitedHonoursRetryAfterHttpDate() {
    api.replyJson(429, "{}", "Retry-After", "Thu, 01 Jan 2026 00:02:00 GMT");

    assertThat(failure().retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void rateLimitedFallsBackToTheRateLimitReset() {
    api.replyJson(
        429,
        "{\"error\": {\"status\": 429, \"message\": \"Too many requests\"}}",
        "x-ratelimit-limit",
        "1000",
        "x-ratelimit-remaining",
        "0",
        "x-ratelimit-reset",
        "1234");

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1234));
    assertThat(calls.get(0).rateLimit())
        .hasValueSatisfying(rl -> assertThat(rl.remaining()).hasValue(0));
  }

  @Test
  void rateLimitedWithUnreadableRetryAfterFallsBackToTheReset() {
    api.replyJson(429, "{}", "Retry-After", "soon", "x-ratelimit-reset", "60");

    assertThat(failure().retryAfter()).contains(Duration.ofSeconds(60));
  }

  @Test
  void rateLimitedWithoutHintsHasNoRetryAfter() {
    api.replyJson(429, "{}");

    assertThat(failure().retryAfter()).isEmpty();
  }

  @Test
  void unavailableHonoursRetryAfterButNotTheRateLimitReset() {
    api.replyJson(503, "{}", "Retry-After", "5");
    assertThat(failure().retryAfter()).contains(Duration.ofSeconds(5));

    api.replyJson(503, "{}", "x-ratelimit-reset", "60");
    assertThat(failure().retryAfter()).isEmpty();
  }

  @Test
  void permanentFailuresIgnoreRetryAfter() {
    api.replyJson(401, "{}", "Retry-After", "5");

    assertThat(failure().retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html>ok</html>",
        "",
        "{\"data\": {",
        "{\"data\": {}} trailing",
        "\u0000\u0001garbage"
      })
  void unparsableSuccessBodyIsAnInvalidResponse(String body) {
    api.replyJson(200, body);

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).hasValue(200);
    assertThat(e.getMessage()).startsWith(SUBJECT + " returned an invalid response (HTTP 200): ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"data\": null}",
        "{\"data\": []}",
        "{\"data\": \"example-job\"}",
        "[]",
        "42",
        "{\"error\": {\"status\": 200, \"message\": \"odd\"}}"
      })
  void successBodyWithoutDataObjectIsAnInvalidResponse(String body) {
    api.replyJson(200, body);

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).containsAnyOf("no data object", "not a JSON object");
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("/disabledCI", "\"true\"", "data.disabledCI"),
        Arguments.of("/suspended", "0", "data.suspended"),
        Arguments.of(
            "/settings/activeDeadlineSeconds", "\"600\"", "data.settings.activeDeadlineSeconds"),
        Arguments.of("/settings/backoffLimit", "1.5", "data.settings.backoffLimit"),
        Arguments.of("/settings/backoffLimit", "\"\"", "data.settings.backoffLimit"),
        Arguments.of("/settings/backoffLimit", "true", "data.settings.backoffLimit"),
        Arguments.of("/name", "42", "data.name"),
        Arguments.of("/jobType", "true", "data.jobType"),
        Arguments.of("/tags", "{\"a\": \"b\"}", "data.tags"),
        Arguments.of("/tags", "\"my-tag\"", "data.tags"),
        Arguments.of("/tags/0", "7", "data.tags[0]"),
        Arguments.of("/settings", "[]", "data.settings"),
        Arguments.of("/vcsData", "\"github\"", "data.vcsData"),
        Arguments.of(
            "/buildConfiguration/isAllowList", "\"false\"", "data.buildConfiguration.isAllowList"),
        Arguments.of(
            "/deployment/storage/ephemeralStorage/storageSize",
            "\"1024\"",
            "data.deployment.storage.ephemeralStorage.storageSize"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongTypes")
  void knownFieldOfTheWrongTypeIsAnInvalidResponse(String pointer, String value, String path) {
    api.replyJson(200, seedWith(pointer, Fixtures.parse(value)));

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("field '" + path + "'");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void oversizedBodyIsAnInvalidResponse() {
    String padding = "x".repeat(HttpNorthflankClient.MAX_BODY_BYTES);
    ObjectNode body = Fixtures.tree(Fixtures.SEED);
    body.with("data").put("description", padding);
    api.replyJson(200, body.toString());

    NorthflankApiException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("exceeds");
  }

  @Test
  @Timeout(10)
  void slowResponseTimesOutAsUnavailable() {
    api.holdReplies().replyJson(200, Fixtures.text(Fixtures.SEED));
    HttpNorthflankClient impatient = clientFor(api.baseUri(), Duration.ofMillis(200));

    long start = System.nanoTime();
    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> impatient.getJob(JOB, TOKEN));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.getMessage()).isEqualTo(SUBJECT + " failed: no response within 200 ms");
    assertNoCanary(e);
    assertThat(waited)
        .isGreaterThanOrEqualTo(Duration.ofMillis(200))
        .isLessThan(Duration.ofSeconds(5));
    assertThat(api.received()).hasSize(1);
    assertThat(calls).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(-1));
  }

  @Test
  @Timeout(10)
  void stalledBodyTimesOutAsUnavailable() {
    // The JDK's request timeout stops counting once headers arrive; the client must not.
    api.holdBodies().replyJson(200, Fixtures.text(Fixtures.SEED));
    HttpNorthflankClient impatient = clientFor(api.baseUri(), Duration.ofMillis(300));

    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> impatient.getJob(JOB, TOKEN));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo(SUBJECT + " failed: no response within 300 ms");
  }

  @Test
  void refusedConnectionIsUnavailable() throws IOException {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    NorthflankApiException e =
        catchThrowableOfType(
            NorthflankApiException.class,
            () -> clientFor(closedPort, Duration.ofSeconds(5)).getJob(JOB, TOKEN));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.getMessage()).startsWith(SUBJECT + " failed: ");
    assertNoCanary(e);
    assertThat(calls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(ApiCall.NO_RESPONSE);
              assertThat(c.rateLimit()).isEmpty();
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void redirectsAreNeverFollowed(int status) {
    try (NorthflankStandIn elsewhere = NorthflankStandIn.start()) {
      elsewhere.replyJson(200, Fixtures.text(Fixtures.SEED));
      api.reply(
          status,
          "",
          "Location",
          elsewhere.baseUri() + "/v1/projects/default-project/jobs/example-job");

      NorthflankApiException e = failure();

      assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE);
      assertThat(e.httpStatus()).hasValue(status);
      assertThat(e.getMessage()).contains("redirect not followed");
      assertThat(elsewhere.received()).isEmpty();
    }
  }

  static Stream<Arguments> echoesOfTheToken() {
    String echo = "{\"error\": {\"status\": %d, \"message\": \"Bearer " + CANARY + " rejected\"}}";
    return Stream.of(
        Arguments.of(401, echo.formatted(401)),
        Arguments.of(403, echo.formatted(403)),
        Arguments.of(400, echo.formatted(400)),
        Arguments.of(429, echo.formatted(429)),
        Arguments.of(500, echo.formatted(500)),
        Arguments.of(503, "<html>token " + CANARY + "</html>"),
        Arguments.of(200, seedWith("/disabledCI", Fixtures.JSON.getNodeFactory().textNode(CANARY))),
        Arguments.of(
            200, seedWith("/settings/backoffLimit", Fixtures.parse("{\"t\": \"" + CANARY + "\"}"))),
        Arguments.of(200, "not json " + CANARY),
        Arguments.of(302, ""));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @MethodSource("echoesOfTheToken")
  void tokenNeverAppearsInExceptionsOrLogs(int status, String body) {
    api.replyJson(status, body);
    NorthflankApiException e;
    List<ILoggingEvent> logged;
    try (CapturedLogs logs = new CapturedLogs()) {
      e = failure();
      logged = logs.events();
    }

    assertNoCanary(e);
    assertThat(logged)
        .isNotEmpty()
        .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(CANARY));
    assertThat(logged)
        .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(ROUTE, "" + status));
  }

  @Test
  void echoedTokenIsMarkedAsRedacted() {
    api.replyJson(401, "{\"error\": {\"message\": \"invalid token " + CANARY + "\"}}");

    assertThat(failure().getMessage())
        .isEqualTo(SUBJECT + " failed: HTTP 401: invalid token [REDACTED]");
  }

  /** Message, toString and the whole cause chain, as a log line with a stack trace shows them. */
  private static void assertNoCanary(NorthflankApiException e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(CANARY).contains(ROUTE);
    assertThat(e.toString()).doesNotContain(CANARY);
  }

  private NorthflankApiException failure() {
    NorthflankApiException e =
        catchThrowableOfType(NorthflankApiException.class, () -> client.getJob(JOB, TOKEN));
    assertThat(e).as("getJob should have failed").isNotNull();
    return e;
  }

  private static String seedWith(String pointer, JsonNode value) {
    ObjectNode body = Fixtures.tree(Fixtures.SEED);
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = body.get("data").at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent.isArray()) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
    return body.toString();
  }

  private HttpNorthflankClient clientFor(URI base, Duration requestTimeout) {
    return new HttpNorthflankClient(
        base, Duration.ofSeconds(2), requestTimeout, calls::add, Clock.fixed(NOW, ZoneOffset.UTC));
  }
}
