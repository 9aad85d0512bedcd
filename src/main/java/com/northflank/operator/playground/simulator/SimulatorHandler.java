package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request, start to finish: route, authenticate, spend budget, authorise the project, inject
 * faults, serve, spoil the body if the faults say so, count. The order mirrors what a client of the
 * real API observes: an unknown token is 401 before anything else, budget is spent by every
 * authenticated request, and a job that does not exist is 404 only after the checks.
 */
final class SimulatorHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorHandler.class);

  /** Thrown when the server shuts down while a request is held; nothing is sent then. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super(null, null, false, false);
    }
  }

  private final Router router = new Router();
  private final TokenRegistry tokens;
  private final SimulatedRateLimit budget;
  private final Faults faults;
  private final RequestCounters counters;
  private final WriteLog writes;
  private final JobEndpoints endpoints;
  private final Random errorIds;

  SimulatorHandler(
      TokenRegistry tokens,
      SimulatedRateLimit budget,
      Faults faults,
      RequestCounters counters,
      WriteLog writes,
      JobEndpoints endpoints,
      long seed) {
    this.tokens = tokens;
    this.budget = budget;
    this.faults = faults;
    this.counters = counters;
    this.writes = writes;
    this.endpoints = endpoints;
    // Separate from the fault draws so error ids do not shift the fault sequence.
    this.errorIds = new Random(~seed);
  }

  @Override
  public void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    String key = RequestCounters.UNMATCHED;
    try {
      byte[] body = readBody(exchange.getRequestBody());
      RouteMatch match;
      try {
        match = router.match(method, rawPath).orElse(null);
      } catch (Router.MalformedPathException e) {
        send(exchange, key, error(400, e.getMessage()));
        return;
      }
      if (match != null) {
        key = match.key();
      }
      SimResponse response = serve(exchange, match, body);
      // recorded before sending: a client that timed out still sent the write
      if (isWrite(exchange)) {
        writes.record(method, rawPath, body, response.status());
      }
      send(exchange, key, response);
    } catch (Abandoned e) {
      LOG.trace("{} {} abandoned at shutdown", method, rawPath);
    } catch (IOException e) {
      // The client went away (e.g. it timed out on a held request); nothing left to do.
      LOG.trace("{} {}: {}", method, rawPath, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("simulator failed on {} {}", method, rawPath, e);
      try {
        send(exchange, key, error(500, "Internal simulator error"));
      } catch (IOException | RuntimeException ignored) {
        // The response may already have been started; the exchange is closed below.
      }
    } finally {
      exchange.close();
    }
  }

  /**
   * An unknown route is 404 whoever asks, but a known token still spends budget on it and gets the
   * budget headers, as every response to an authenticated token does.
   */
  private SimResponse serve(HttpExchange exchange, RouteMatch match, byte[] body) {
    Optional<String> token =
        tokens.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    if (token.isEmpty()) {
      return match == null
          ? notFoundRoute(exchange)
          : error(401, "Unauthorized: missing or invalid API token");
    }
    SimulatedRateLimit.Decision decision = budget.consume(token.get());
    SimResponse response;
    if (!decision.allowed()) {
      response =
          error(429, "Too many requests: rate limit exceeded")
              .header("Retry-After", Long.toString(decision.resetSeconds()));
    } else if (match == null) {
      response = notFoundRoute(exchange);
    } else {
      response = serveWithinBudget(exchange, match, body, token.get());
    }
    // a fault may have said otherwise (a spent window with a far reset): its word stands
    return response
        .headerIfAbsent("x-ratelimit-limit", Integer.toString(decision.limit()))
        .headerIfAbsent("x-ratelimit-remaining", Integer.toString(decision.remaining()))
        .headerIfAbsent("x-ratelimit-reset", Long.toString(decision.resetSeconds()));
  }

  private SimResponse notFoundRoute(HttpExchange exchange) {
    return error(
        404,
        "Route not found: "
            + exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getRawPath());
  }

  private SimResponse serveWithinBudget(
      HttpExchange exchange, RouteMatch match, byte[] body, String token) {
    if (tokens.authorize(token, match.projectId()) != TokenRegistry.Verdict.ALLOWED) {
      return error(403, "Forbidden: the API token may not access this project");
    }
    Faults.Plan plan =
        faults.plan(match.route(), match.projectId(), match.jobId(), isWrite(exchange));
    hold(plan.latency());
    SimResponse response = planned(exchange, match, body, plan);
    if (plan.heldAnswer() != null) {
      response.heldBy(plan.heldAnswer());
    }
    if (plan.spentWindowReset() != null) {
      response
          .header("x-ratelimit-remaining", "0")
          .header("x-ratelimit-reset", plan.spentWindowReset());
    }
    return response;
  }

  private SimResponse planned(
      HttpExchange exchange, RouteMatch match, byte[] body, Faults.Plan plan) {
    if (plan.change() != null) {
      endpoints.change(match, plan.change());
    }
    if (plan.forcedStatus() != 0) {
      return forced(plan.forcedStatus(), plan.forcedRetryAfter(), plan.forcedRetryAfterHeader());
    }
    if (plan.timeout()) {
      hold(plan.timeoutHold());
      return SimResponse.html(504, "Gateway Time-out");
    }
    if (plan.errorStatus() == 503) {
      return SimResponse.html(503, "Service Temporarily Unavailable");
    }
    if (plan.errorStatus() != 0) {
      return error(plan.errorStatus(), "Internal server error");
    }
    QueryParams query;
    try {
      query = QueryParams.parse(exchange.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      return error(400, "Malformed query string");
    }
    ObjectNode envelope;
    try {
      envelope = endpoints.handle(match, query, body);
    } catch (ApiException e) {
      return error(e.status(), e.getMessage());
    }
    return SimResponse.json(200, ResponseFaults.render(envelope, plan));
  }

  /** A forced status looks like the real thing: HTML from the load balancer for 502-504. */
  private SimResponse forced(int status, Duration retryAfter, String retryAfterHeader) {
    return switch (status) {
      case 502 -> SimResponse.html(502, "Bad Gateway");
      case 503 -> SimResponse.html(503, "Service Temporarily Unavailable");
      case 504 -> SimResponse.html(504, "Gateway Time-out");
      case 429 ->
          error(429, "Too many requests: rate limit exceeded")
              .header(
                  "Retry-After",
                  retryAfterHeader != null
                      ? retryAfterHeader
                      : Long.toString(Math.max(0, retryAfter.toSeconds())));
      default -> error(status, status >= 500 ? "Internal server error" : "Simulated error");
    };
  }

  private SimResponse error(int status, String message) {
    return SimResponse.error(status, message, errorId());
  }

  private String errorId() {
    long bits = errorIds.nextLong();
    return String.format("%016x%08x", bits, errorIds.nextInt());
  }

  private static void hold(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abandoned();
    }
  }

  private static boolean isWrite(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    return !method.equals("GET") && !method.equals("HEAD");
  }

  private void send(HttpExchange exchange, String key, SimResponse response) throws IOException {
    counters.record(
        exchange.getRequestMethod(), key, exchange.getRequestURI().getPath(), response.status());
    if (response.heldAnswer() != null) {
      try {
        response.heldAnswer().holdAnswer(response.status());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Abandoned();
      }
    }
    LOG.trace(
        "{} {} -> {}",
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        response.status());
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    response.headers().forEach(headers::set);
    if (asksToClose(exchange.getRequestHeaders())) {
      // The JDK server closes such a connection after the answer but does not say so; a
      // keep-alive client (Node 19+, under the js-client's node-fetch) would then reuse the dead
      // socket, fail with "socket hang up" and retry. RFC 9112 9.6: announce the close.
      headers.set("Connection", "close");
    }
    // A HEAD answer has headers only; announcing a length would make the server complain.
    byte[] body = exchange.getRequestMethod().equals("HEAD") ? new byte[0] : response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Whether a Connection header of the request lists the {@code close} option. */
  private static boolean asksToClose(Headers requestHeaders) {
    List<String> values = requestHeaders.get("Connection");
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String option : value.split(",")) {
        if (option.trim().equalsIgnoreCase("close")) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
