package com.northflank.operator.playground.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to start a {@link NorthflankSimulator}. Build with {@link #builder()}; the defaults are an
 * ephemeral port on 127.0.0.1, the API's default budget of 1000 requests per hour per token, the
 * system clock, random seed 42, no seed jobs and no tokens.
 *
 * @param port 0 for an ephemeral port
 * @param bindAddress the interface to listen on
 * @param budgetLimit requests each token may make per budget window
 * @param budgetWindow length of the fixed budget window
 * @param clock time source of the budget windows and of PATCH timestamps
 * @param randomSeed seed of the fault draws and error ids
 * @param seedJobs whether to load the example and varied jobs at start
 * @param tokens accepted bearer tokens, each with the projects it may use (empty: all)
 * @param threads size of the request thread pool; held (timeout fault) requests occupy one each
 * @param runEvery when set, every cron job that is not suspended starts a run this often (by the
 *     simulator's clock, from its start); a quarter of the period later it concludes, one run in
 *     four failing. Null: runs only come from the seed and from {@link NorthflankSimulator#addRun}
 * @param webhookUrl where job-run events are sent when runs start and conclude, as a Northflank
 *     notification integration would; null sends none
 * @param webhookSecret the integration's secret, sent in {@code
 *     X-Northflank-Notification-Integration-Token}; null sends no token
 */
public record SimulatorOptions(
    int port,
    String bindAddress,
    int budgetLimit,
    Duration budgetWindow,
    Clock clock,
    long randomSeed,
    boolean seedJobs,
    Map<String, Set<String>> tokens,
    int threads,
    Duration runEvery,
    java.net.URI webhookUrl,
    String webhookSecret) {

  private static final Pattern BUDGET =
      Pattern.compile(
          "\\s*(\\d+)\\s*(?:per|/)\\s*(\\d+)\\s*(ms|s|m|h)\\s*", Pattern.CASE_INSENSITIVE);

  public SimulatorOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (budgetLimit < 1) {
      throw new IllegalArgumentException("budgetLimit must be at least 1");
    }
    Objects.requireNonNull(budgetWindow, "budgetWindow");
    if (budgetWindow.isZero() || budgetWindow.isNegative()) {
      throw new IllegalArgumentException("budgetWindow must be positive");
    }
    Objects.requireNonNull(clock, "clock");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    if (runEvery != null && (runEvery.isZero() || runEvery.isNegative())) {
      throw new IllegalArgumentException("runEvery must be positive");
    }
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    tokens.forEach((token, projects) -> copy.put(token, Set.copyOf(projects)));
    tokens = Map.copyOf(copy);
  }

  public static SimulatorOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder builder =
        new Builder()
            .port(port)
            .bindAddress(bindAddress)
            .budget(budgetLimit, budgetWindow)
            .clock(clock)
            .randomSeed(randomSeed)
            .seedJobs(seedJobs)
            .threads(threads)
            .runEvery(runEvery)
            .webhook(webhookUrl, webhookSecret);
    tokens.forEach(builder::token);
    return builder;
  }

  /** Token values are secrets: only their number is shown. */
  @Override
  public String toString() {
    return "SimulatorOptions[port="
        + port
        + ", bindAddress="
        + bindAddress
        + ", budget="
        + budgetLimit
        + " per "
        + budgetWindow
        + ", clock="
        + clock
        + ", randomSeed="
        + randomSeed
        + ", seedJobs="
        + seedJobs
        + ", tokens="
        + tokens.size()
        + " (redacted), threads="
        + threads
        + ", webhookUrl="
        + webhookUrl
        + (webhookSecret == null ? "" : " (secret redacted)")
        + "]";
  }

  /**
   * Parses a budget such as {@code 5 per 1s}, {@code 1000 per 1h} or {@code 100/30m} (units ms, s,
   * m, h), e.g. for a command-line option.
   */
  public static Budget parseBudget(String spec) {
    Matcher matcher = BUDGET.matcher(spec == null ? "" : spec);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "budget must look like '1000 per 1h' or '5/1s', got '" + spec + "'");
    }
    int limit = Integer.parseInt(matcher.group(1));
    long amount = Long.parseLong(matcher.group(2));
    Duration window =
        switch (matcher.group(3).toLowerCase(Locale.ROOT)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    return new Budget(limit, window);
  }

  /** A request budget: {@code limit} requests per {@code window}. */
  public record Budget(int limit, Duration window) {}

  public static final class Builder {
    private int port = 0;
    private String bindAddress = "127.0.0.1";
    private int budgetLimit = 1000;
    private Duration budgetWindow = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private long randomSeed = 42;
    private boolean seedJobs = false;
    private final Map<String, Set<String>> tokens = new LinkedHashMap<>();
    private int threads = 64;
    private Duration runEvery;
    private java.net.URI webhookUrl;
    private String webhookSecret;

    private Builder() {}

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    public Builder budget(int limit, Duration window) {
      this.budgetLimit = limit;
      this.budgetWindow = window;
      return this;
    }

    /** E.g. {@code budget("5 per 1s")}; see {@link SimulatorOptions#parseBudget}. */
    public Builder budget(String spec) {
      Budget budget = parseBudget(spec);
      return budget(budget.limit(), budget.window());
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder randomSeed(long randomSeed) {
      this.randomSeed = randomSeed;
      return this;
    }

    public Builder seedJobs(boolean seedJobs) {
      this.seedJobs = seedJobs;
      return this;
    }

    /** A token limited to the given projects; none given means every project. */
    public Builder token(String token, String... projects) {
      return token(token, Set.of(projects));
    }

    public Builder token(String token, Set<String> projects) {
      Objects.requireNonNull(token, "token");
      tokens.put(token, Set.copyOf(projects));
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Cron jobs start a run this often; null (the default) starts none. */
    public Builder runEvery(Duration runEvery) {
      this.runEvery = runEvery;
      return this;
    }

    /**
     * Sends job-run events to {@code url} when runs start and conclude, with {@code secret} as the
     * integration's token (null: none); a null url sends none.
     */
    public Builder webhook(java.net.URI url, String secret) {
      this.webhookUrl = url;
      this.webhookSecret = secret;
      return this;
    }

    public SimulatorOptions build() {
      return new SimulatorOptions(
          port,
          bindAddress,
          budgetLimit,
          budgetWindow,
          clock,
          randomSeed,
          seedJobs,
          tokens,
          threads,
          runEvery,
          webhookUrl,
          webhookSecret);
    }
  }
}
