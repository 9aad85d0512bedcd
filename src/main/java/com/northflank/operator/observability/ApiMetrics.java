package com.northflank.operator.observability;

import com.northflank.operator.client.ApiCall;
import com.northflank.operator.client.ApiCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Northflank API calls: count by route and status code, latency, and the remaining budget. The
 * remaining budget is a series only once a response has told it: a placeholder value before that
 * would read as "budget spent" to the dashboard and to the budget alert.
 */
public final class ApiMetrics implements ApiCallListener {

  public static final String REQUESTS = "northflank.api.requests";
  public static final String DURATION = "northflank.api.request.duration";
  public static final String RATELIMIT_REMAINING = "northflank.api.ratelimit.remaining";

  private final MeterRegistry registry;
  private final AtomicLong remaining = new AtomicLong();
  private final AtomicBoolean remainingKnown = new AtomicBoolean();

  public ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onCall(ApiCall call) {
    String code = call.status() == ApiCall.NO_RESPONSE ? "none" : Integer.toString(call.status());
    Counter.builder(REQUESTS)
        .description("Northflank API requests by route and HTTP status ('none': no response)")
        .tag("route", call.route())
        .tag("code", code)
        .register(registry)
        .increment();
    Timer.builder(DURATION)
        .description("Northflank API request latency")
        .tag("route", call.route())
        .publishPercentileHistogram()
        .register(registry)
        .record(call.duration());
    call.rateLimit().ifPresent(limits -> limits.remaining().ifPresent(this::remaining));
  }

  private void remaining(long value) {
    remaining.set(value);
    if (remainingKnown.compareAndSet(false, true)) {
      Gauge.builder(RATELIMIT_REMAINING, remaining, AtomicLong::get)
          .description("x-ratelimit-remaining of the last API response that carried it")
          .register(registry);
    }
  }
}
