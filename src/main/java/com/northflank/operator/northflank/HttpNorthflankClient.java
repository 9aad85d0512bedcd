package com.northflank.operator.northflank;

import com.northflank.operator.northflank.NorthflankApiException.Kind;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NorthflankApi} over the JDK HTTP client. Requests go only to the configured base URL: IDs
 * are encoded into single path segments and redirects are never followed, so neither a resource nor
 * a response can send the token elsewhere.
 */
public final class HttpNorthflankClient implements NorthflankApi {

  static final String USER_AGENT = "northflank-job-operator";
  static final int MAX_BODY_BYTES = 1 << 20;

  /** The most jobs List Jobs returns per page. */
  public static final int MAX_PER_PAGE = 100;

  private static final Logger log = LoggerFactory.getLogger(HttpNorthflankClient.class);

  private final URI baseUri;
  private final String base;
  private final Duration requestTimeout;
  private final ApiCallListener listener;
  private final Clock clock;
  private final HttpClient http;

  /**
   * @param baseUri {@code http} or {@code https}, e.g. {@code https://api.northflank.com}; may
   *     carry a path prefix, no query, fragment or user info
   * @param requestTimeout bounds the whole exchange, body included
   */
  public HttpNorthflankClient(
      URI baseUri, Duration connectTimeout, Duration requestTimeout, ApiCallListener listener) {
    this(baseUri, connectTimeout, requestTimeout, listener, Clock.systemUTC());
  }

  HttpNorthflankClient(
      URI baseUri,
      Duration connectTimeout,
      Duration requestTimeout,
      ApiCallListener listener,
      Clock clock) {
    this.baseUri = checkBase(baseUri);
    this.base = stripTrailingSlashes(baseUri.toString());
    this.requestTimeout = checkPositive(requestTimeout, "requestTimeout");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(checkPositive(connectTimeout, "connectTimeout"))
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
    JobRoute route = JobRoute.of(ref);
    String routeName = "GET " + route.template();
    return get(route, routeName, routeName, token, JobDocumentReader::read);
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
    JobRoute route = JobRoute.list(project, cursor, perPage);
    String routeName = "GET " + route.template();
    String subject = routeName + " (" + project.describe() + ")";
    return get(route, routeName, subject, token, JobDocumentReader::readPage);
  }

  /** Reads a successful body, or says why it cannot be used. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(byte[] body) throws JobDocumentReader.Invalid;
  }

  /**
   * One GET: every outcome is reported to the listener under {@code routeName} (a bounded metrics
   * label), and every failure is a {@link NorthflankApiException} whose message starts with {@code
   * subject}.
   */
  private <T> T get(
      JobRoute route, String routeName, String subject, ApiToken token, BodyReader<T> reader) {
    HttpRequest request =
        HttpRequest.newBuilder(target(route))
            .GET()
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + token.reveal())
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .build();

    long start = System.nanoTime();
    HttpResponse<ResponseBody> response;
    try {
      response = exchange(request, subject);
    } catch (NorthflankApiException e) {
      log.debug("{} -> no response ({})", routeName, e.kind());
      report(
          new ApiCall(
              routeName,
              ApiCall.NO_RESPONSE,
              since(start),
              Optional.empty(),
              token.fingerprint(),
              Optional.empty()));
      throw e;
    }
    int status = response.statusCode();
    log.debug("{} -> {}", routeName, status);
    report(
        new ApiCall(
            routeName,
            status,
            since(start),
            RateLimitSnapshot.from(response.headers(), clock.instant()),
            token.fingerprint(),
            retryAfter(Kind.forStatus(status), response)));
    return interpret(subject, response, token, reader);
  }

  private HttpResponse<ResponseBody> exchange(HttpRequest request, String routeName) {
    CompletableFuture<HttpResponse<ResponseBody>> pending =
        http.sendAsync(request, ResponseBody.cappedAt(MAX_BODY_BYTES));
    try {
      // The request timeout alone stops at the response headers; this also bounds the body.
      return pending.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw unavailable(routeName + " failed: no response within " + millis(requestTimeout), e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw unavailable(routeName + " interrupted", e);
    } catch (ExecutionException e) {
      throw transportFailure(routeName, e.getCause());
    }
  }

  private NorthflankApiException transportFailure(String routeName, Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return unavailable(routeName + " failed: connect timed out", cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return unavailable(
          routeName + " failed: no response within " + millis(requestTimeout), cause);
    }
    if (cause instanceof ConnectException) {
      return unavailable(routeName + " failed: cannot connect to the API", cause);
    }
    // Any other I/O error (TLS, reset, protocol) and, to keep the one-exception contract, anything
    // unexpected: the cause stays attached so that a bug is still visible in the stack trace.
    return unavailable(
        routeName + " failed: " + cause.getClass().getSimpleName() + " talking to the API", cause);
  }

  private <T> T interpret(
      String subject, HttpResponse<ResponseBody> response, ApiToken token, BodyReader<T> reader) {
    int status = response.statusCode();
    ResponseBody body = response.body();
    if (status >= 200 && status < 300) {
      if (body.truncated()) {
        throw invalid(subject, status, "body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      try {
        return reader.read(body.bytes());
      } catch (JobDocumentReader.Invalid e) {
        throw invalid(subject, status, SafeText.of(e.getMessage(), token));
      }
    }
    if (status >= 300 && status < 400) {
      throw invalid(subject, status, "redirect not followed");
    }
    Kind kind = Kind.forStatus(status);
    Optional<String> apiMessage =
        body.truncated() ? Optional.empty() : JobDocumentReader.errorMessage(body.bytes());
    String message =
        subject
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

  private static NorthflankApiException invalid(String routeName, int status, String reason) {
    return new NorthflankApiException(
        Kind.INVALID_RESPONSE,
        routeName + " returned an invalid response (HTTP " + status + "): " + reason,
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
