package com.northflank.operator.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.client.NorthflankApiException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NorthflankApi} over the JDK HTTP client. Requests go only to the configured base URL: IDs
 * are encoded into single path segments and redirects are never followed, so neither a resource nor
 * a response can send the token elsewhere. Only GET is sent unless the client was built to allow
 * writes: a read-only operator cannot change a job even by mistake.
 */
public final class HttpNorthflankClient implements NorthflankApi {

  static final String USER_AGENT = "northflank-job-operator";
  static final int MAX_BODY_BYTES = 1 << 20;

  /** The most jobs (or runs) a page of the API holds. */
  public static final int MAX_PER_PAGE = 100;

  private static final Logger log = LoggerFactory.getLogger(HttpNorthflankClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUri;
  private final String base;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final ApiCallListener listener;
  private final Clock clock;
  private final HttpClient http;
  private final boolean writesAllowed;

  /**
   * @param baseUri {@code http} or {@code https}, e.g. {@code https://api.northflank.com}; may
   *     carry a path prefix, no query, fragment or user info
   * @param requestTimeout bounds the whole exchange, body included
   */
  public HttpNorthflankClient(
      URI baseUri, Duration connectTimeout, Duration requestTimeout, ApiCallListener listener) {
    this(baseUri, connectTimeout, requestTimeout, listener, false);
  }

  /**
   * @param writesAllowed whether requests other than GET may be sent; without it {@link #patchJob},
   *     {@link #createJob} and {@link #deleteJob} fail before anything leaves the process
   */
  public HttpNorthflankClient(
      URI baseUri,
      Duration connectTimeout,
      Duration requestTimeout,
      ApiCallListener listener,
      boolean writesAllowed) {
    this(baseUri, connectTimeout, requestTimeout, listener, Clock.systemUTC(), writesAllowed);
  }

  HttpNorthflankClient(
      URI baseUri,
      Duration connectTimeout,
      Duration requestTimeout,
      ApiCallListener listener,
      Clock clock) {
    this(baseUri, connectTimeout, requestTimeout, listener, clock, false);
  }

  HttpNorthflankClient(
      URI baseUri,
      Duration connectTimeout,
      Duration requestTimeout,
      ApiCallListener listener,
      Clock clock,
      boolean writesAllowed) {
    this.writesAllowed = writesAllowed;
    this.baseUri = checkBase(baseUri);
    this.base = stripTrailingSlashes(baseUri.toString());
    this.connectTimeout = checkPositive(connectTimeout, "connectTimeout");
    this.requestTimeout = checkPositive(requestTimeout, "requestTimeout");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(this.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            // HTTP/2 is negotiated over TLS; on plain http (the local simulator) the client would
            // offer an h2c upgrade with every new connection that nothing here accepts
            .version(
                "https".equals(baseUri.getScheme())
                    ? HttpClient.Version.HTTP_2
                    : HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public JobSnapshot getJob(JobRef ref, ApiToken token) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(token, "token");
    Call call = new Call("GET", ref);
    HttpResponse<ResponseBody> response = send(call, HttpRequest.newBuilder().GET(), token);
    return interpret(call, response, token, JobDocumentReader::read);
  }

  @Override
  public JobSnapshot patchJob(JobRef ref, ObjectNode patch, JobSnapshot before, ApiToken token) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(patch, "patch");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(token, "token");
    Call call = new Call("PATCH", ref);
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(patch);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the patch cannot be written as JSON", e);
    }
    log.debug("{} ({}) body {}", call.label(), ref.describe(), patch);
    HttpResponse<ResponseBody> response =
        send(
            call,
            HttpRequest.newBuilder()
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"),
            token);
    return interpret(call, response, token, bytes -> JobDocumentReader.readPatched(bytes, before));
  }

  /** The body is never logged: it carries the job's runtime variables. */
  @Override
  public JobSnapshot createJob(ProjectRef project, ObjectNode request, ApiToken token) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(token, "token");
    Call call = new Call("POST", JobRoute.create(project), project.describe());
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      // Jackson's message could quote a value of the body; only the fact is said
      throw new IllegalArgumentException("the create request cannot be written as JSON");
    }
    HttpResponse<ResponseBody> response =
        send(
            call,
            HttpRequest.newBuilder()
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"),
            token);
    return interpret(call, response, token, bytes -> JobDocumentReader.readCreated(bytes, project));
  }

  @Override
  public boolean deleteJob(JobRef ref, ApiToken token) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(token, "token");
    Call call = new Call("DELETE", ref);
    HttpResponse<ResponseBody> response = send(call, HttpRequest.newBuilder().DELETE(), token);
    if (response.statusCode() == 404) {
      return false;
    }
    // The answer's data is an empty object: any 2xx is the deletion, whatever its body says
    return interpret(call, response, token, bytes -> true);
  }

  /**
   * @param perPage 1 to {@value #MAX_PER_PAGE}
   */
  @Override
  public JobPage listJobs(ProjectRef project, String cursor, int perPage, ApiToken token) {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(token, "token");
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new IllegalArgumentException("perPage must be between 1 and " + MAX_PER_PAGE);
    }
    Call call = new Call("GET", JobRoute.list(project, cursor, perPage), project.describe());
    HttpResponse<ResponseBody> response = send(call, HttpRequest.newBuilder().GET(), token);
    return interpret(call, response, token, JobDocumentReader::readPage);
  }

  /**
   * @param perPage 1 to {@value #MAX_PER_PAGE}
   */
  @Override
  public RunPage listRuns(JobRef ref, int perPage, ApiToken token) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(token, "token");
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new IllegalArgumentException("perPage must be between 1 and " + MAX_PER_PAGE);
    }
    Call call = new Call("GET", JobRoute.runs(ref, perPage), ref.describe());
    HttpResponse<ResponseBody> response = send(call, HttpRequest.newBuilder().GET(), token);
    return interpret(call, response, token, JobDocumentReader::readRuns);
  }

  /** Whether this client sends anything other than GET. */
  public boolean writesAllowed() {
    return writesAllowed;
  }

  /**
   * One request, reported to the listener whatever its outcome. The only place a request is sent,
   * and so the only place that needs to refuse a write from a read-only client.
   */
  private HttpResponse<ResponseBody> send(Call call, HttpRequest.Builder builder, ApiToken token) {
    if (!writesAllowed && !call.method().equals("GET")) {
      throw new IllegalStateException(
          call.label() + " refused: this client is read-only (only GET leaves the process)");
    }
    HttpRequest request =
        builder
            .uri(target(call.route()))
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .build();
    long start = System.nanoTime();
    HttpResponse<ResponseBody> response;
    try {
      response = exchange(request, call);
    } catch (NorthflankApiException e) {
      log.debug("{} -> no response ({})", call.label(), e.kind());
      report(
          new ApiCall(
              call.label(),
              ApiCall.NO_RESPONSE,
              since(start),
              Optional.empty(),
              token.fingerprint(),
              Optional.empty()));
      throw e;
    }
    int status = response.statusCode();
    log.debug("{} -> {}", call.label(), status);
    report(
        new ApiCall(
            call.label(),
            status,
            since(start),
            RateLimitSnapshot.from(response.headers(), clock.instant()),
            token.fingerprint(),
            retryAfter(Kind.forStatus(status), response)));
    return response;
  }

  /**
   * One request to one job's route.
   *
   * @param method the HTTP method
   */
  private record Call(String method, JobRoute route, String subject) {

    Call(String method, JobRef ref) {
      this(method, JobRoute.of(ref), ref.describe());
    }

    /** Method and route template: a bounded metrics label, without IDs. */
    String label() {
      return method + " " + route.template();
    }

    /** The label and what the request concerns (project, job), for messages. */
    String described() {
      return label() + " (" + subject + ")";
    }
  }

  /** Reads a 2xx body; the reader's failure says what was wrong, never with a value in it. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(byte[] body) throws JobDocumentReader.Invalid;
  }

  private HttpResponse<ResponseBody> exchange(HttpRequest request, Call call) {
    String described = call.described();
    // send, not sendAsync: the JDK completes an asynchronous exchange through CompletableFuture's
    // default executor, which below three cores is a new thread per request (about 0.7 ms of CPU
    // per Get Job, measured); the request timeout covers the headers, the body's deadline the rest
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    try {
      return http.send(request, ResponseBody.cappedAt(MAX_BODY_BYTES, deadline));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(described + " interrupted", e);
    } catch (IOException | RuntimeException e) {
      throw transportFailure(described, e);
    }
  }

  private NorthflankApiException transportFailure(String described, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return unavailable(
          described + " failed: " + cannotConnect("no connection within " + millis(connectTimeout)),
          cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return unavailable(
          described + " failed: no response within " + millis(requestTimeout), cause);
    }
    if (cause instanceof ConnectException) {
      return unavailable(described + " failed: " + cannotConnect(connectFailure(cause)), cause);
    }
    // Any other I/O error (TLS, reset, protocol) and, to keep the one-exception contract, anything
    // unexpected: the cause stays attached so that a bug is still visible in the stack trace.
    return unavailable(
        described + " failed: " + cause.getClass().getSimpleName() + " talking to the API", cause);
  }

  /** Which API could not be reached, and why: the failure names the configured URL, no token. */
  private String cannotConnect(String why) {
    return "cannot connect to the API at " + base + " (" + why + ")";
  }

  /**
   * Why a connection failed: "connection refused", "no route to host", "unknown host
   * example.invalid". The JDK's client often does not say (a refused connection comes back as a
   * ConnectException without a message around a ClosedChannelException); then a plain socket asks
   * the operating system, once, within the connect timeout, and sends nothing.
   */
  private String connectFailure(Throwable failure) {
    String why = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException) {
        return "unknown host " + baseUri.getHost();
      }
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        why = cause.getMessage().strip();
      }
    }
    return lowerFirst(why != null ? why : connectAgain());
  }

  /** The operating system's reason for a failing connect, or that the connect now succeeds. */
  private String connectAgain() {
    int port =
        baseUri.getPort() >= 0 ? baseUri.getPort() : "https".equals(baseUri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(baseUri.getHost(), port), (int) connectTimeout.toMillis());
      return "the connection failed, and a new one succeeds";
    } catch (SocketTimeoutException e) {
      return "no connection within " + millis(connectTimeout);
    } catch (UnknownHostException e) {
      return "unknown host " + baseUri.getHost();
    } catch (IOException | RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  private static String lowerFirst(String text) {
    return text.isEmpty()
        ? text
        : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }

  private <T> T interpret(
      Call call, HttpResponse<ResponseBody> response, ApiToken token, BodyReader<T> reader) {
    String described = call.described();
    int status = response.statusCode();
    ResponseBody body = response.body();
    if (status >= 200 && status < 300) {
      if (body.truncated()) {
        throw invalid(described, status, "body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      try {
        return reader.read(body.bytes());
      } catch (JobDocumentReader.Invalid e) {
        throw invalid(described, status, SafeText.of(e.getMessage(), token));
      }
    }
    if (status >= 300 && status < 400) {
      throw invalid(described, status, "redirect not followed");
    }
    Kind kind = Kind.forStatus(status);
    Optional<String> apiMessage =
        body.truncated() ? Optional.empty() : JobDocumentReader.errorMessage(body.bytes());
    String message =
        described
            + " failed: HTTP "
            + status
            + apiMessage.map(m -> ": " + SafeText.of(m, token)).orElse("");
    throw new NorthflankApiException(
        kind, message, OptionalInt.of(status), retryAfter(kind, response), null);
  }

  /**
   * {@code Retry-After} wherever the server sends it; for 429 the documented rate-limit reset
   * stands in when it does not, as Northflank has not documented what a 429 carries.
   */
  private Optional<Duration> retryAfter(Kind kind, HttpResponse<?> response) {
    if (kind != Kind.RATE_LIMITED && kind != Kind.UNAVAILABLE) {
      return Optional.empty();
    }
    Optional<Duration> retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .flatMap(v -> RetryAfter.parse(v, clock.instant()));
    if (retryAfter.isPresent() || kind != Kind.RATE_LIMITED) {
      return retryAfter;
    }
    return response
        .headers()
        .firstValue("x-ratelimit-reset")
        .flatMap(v -> RateLimitSnapshot.reset(v, clock.instant()));
  }

  private URI target(JobRoute route) {
    URI uri = URI.create(base + route.path());
    // Encoding already guarantees this; the check makes a future regression fail loudly.
    if (!Objects.equals(uri.getScheme(), baseUri.getScheme())
        || !Objects.equals(uri.getRawAuthority(), baseUri.getRawAuthority())) {
      throw new IllegalStateException("request URI left the configured API base URL");
    }
    return uri;
  }

  private void report(ApiCall call) {
    try {
      listener.onCall(call);
    } catch (RuntimeException e) {
      log.warn("ApiCallListener failed for {}", call.route(), e);
    }
  }

  private static NorthflankApiException invalid(String described, int status, String reason) {
    return new NorthflankApiException(
        Kind.INVALID_RESPONSE,
        described + " returned an invalid response (HTTP " + status + "): " + reason,
        OptionalInt.of(status),
        Optional.empty(),
        null);
  }

  private static NorthflankApiException unavailable(String message, Throwable cause) {
    return new NorthflankApiException(
        Kind.UNAVAILABLE, message, OptionalInt.empty(), Optional.empty(), cause);
  }

  private static URI checkBase(URI uri) {
    Objects.requireNonNull(uri, "baseUri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http"))
        || uri.isOpaque()
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "API base URL must be http(s)://host[:port][/path] without query, fragment or user info");
    }
    return uri;
  }

  private static String stripTrailingSlashes(String uri) {
    String result = uri;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  private static Duration checkPositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return duration;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }
}
