package com.northflank.operator.config;

import com.northflank.operator.client.ApiToken;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's immutable configuration. Built once from a map of settings keyed by environment
 * variable name (the process environment, overlaid with command-line flags), with defaults and
 * validation; every problem is reported as a {@link ConfigException} naming the setting.
 */
public record OperatorConfig(
    URI apiUrl,
    boolean readOnly,
    DefaultTokenSource defaultToken,
    Set<String> namespaces,
    Duration syncInterval,
    Duration statusHeartbeat,
    int maxConcurrentReconciles,
    Duration connectTimeout,
    Duration requestTimeout,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int metricsPort,
    LogFormat logFormat,
    ApiBudget apiBudget,
    boolean observeRuns) {

  public static final String API_URL = "NORTHFLANK_API_URL";

  /** No request but GET leaves the process, whatever the resources' driftPolicy says. */
  public static final String READ_ONLY = "READ_ONLY";

  public static final String API_TOKEN = "NORTHFLANK_API_TOKEN";
  public static final String API_TOKEN_FILE = "NORTHFLANK_API_TOKEN_FILE";
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String SYNC_INTERVAL = "SYNC_INTERVAL";
  public static final String STATUS_HEARTBEAT = "STATUS_HEARTBEAT";
  public static final String MAX_CONCURRENT_RECONCILES = "MAX_CONCURRENT_RECONCILES";
  public static final String CONNECT_TIMEOUT = "NORTHFLANK_CONNECT_TIMEOUT";
  public static final String REQUEST_TIMEOUT = "NORTHFLANK_REQUEST_TIMEOUT";
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String LEASE_NAME = "LEASE_NAME";
  public static final String LEASE_NAMESPACE = "LEASE_NAMESPACE";
  public static final String METRICS_PORT = "METRICS_PORT";
  public static final String LOG_FORMAT = "LOG_FORMAT";
  public static final String API_BUDGET = "NORTHFLANK_API_BUDGET";

  /** Whether jobs' runs are read at all; false turns them off whatever the resources say. */
  public static final String OBSERVE_RUNS = "OBSERVE_RUNS";

  /** How log lines are written: for people (text) or for log pipelines (json). */
  public enum LogFormat {
    TEXT,
    JSON
  }

  public static final String DEFAULT_API_URL = "https://api.northflank.com";

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
  }

  /** All namespaces are watched when the set is empty. */
  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }

  public static OperatorConfig defaults() {
    return from(Map.of());
  }

  /**
   * @param settings values keyed by environment variable name; blank values count as unset
   */
  public static OperatorConfig from(Map<String, String> settings) {
    Settings s = new Settings(settings);
    return new OperatorConfig(
        s.get(API_URL, DEFAULT_API_URL, OperatorConfig::apiUrl),
        s.get(READ_ONLY, "false", OperatorConfig::bool),
        defaultToken(s),
        s.get(WATCH_NAMESPACES, "", OperatorConfig::namespaces),
        s.get(SYNC_INTERVAL, "5m", OperatorConfig::positiveDuration),
        s.get(STATUS_HEARTBEAT, "15m", OperatorConfig::positiveDuration),
        s.get(MAX_CONCURRENT_RECONCILES, "10", v -> intBetween(v, 1, 1000)),
        s.get(CONNECT_TIMEOUT, "5s", OperatorConfig::positiveDuration),
        s.get(REQUEST_TIMEOUT, "10s", OperatorConfig::positiveDuration),
        s.get(LEADER_ELECTION, "false", OperatorConfig::bool),
        s.get(LEASE_NAME, "northflank-job-operator", OperatorConfig::dnsName),
        s.raw(LEASE_NAMESPACE) == null ? null : s.get(LEASE_NAMESPACE, "", OperatorConfig::dnsName),
        s.get(METRICS_PORT, "8080", v -> intBetween(v, 0, 65535)),
        s.get(LOG_FORMAT, "text", OperatorConfig::logFormat),
        s.get(API_BUDGET, ApiBudget.NORTHFLANK_DEFAULT.toString(), ApiBudget::parse),
        s.get(OBSERVE_RUNS, "true", OperatorConfig::bool));
  }

  static boolean bool(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }

  static String dnsName(String text) {
    if (!DNS_LABEL.matcher(text).matches() || text.length() > 63) {
      throw new IllegalArgumentException("'" + text + "' is not a valid Kubernetes name");
    }
    return text;
  }

  static LogFormat logFormat(String text) {
    try {
      return LogFormat.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not text or json");
    }
  }

  /**
   * A token file may appear later (an optional Secret mount): until it does, resources without
   * their own credentials report CredentialsMissing instead of the process failing to start.
   */
  private static DefaultTokenSource defaultToken(Settings s) {
    String file = s.raw(API_TOKEN_FILE);
    if (file != null) {
      return DefaultTokenSource.file(Path.of(file));
    }
    String token = s.raw(API_TOKEN);
    if (token == null) {
      return DefaultTokenSource.none();
    }
    try {
      return DefaultTokenSource.of(ApiToken.of(token));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(API_TOKEN, "not a valid API token");
    }
  }

  /**
   * Plain HTTP is refused except on loopback (the embedded demo and tests), so a token never
   * crosses a network in the clear.
   */
  static URI apiUrl(String text) {
    URI uri;
    try {
      uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL");
    }
    // checked first, and without echoing the URL: it would print the credentials
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the URL must not carry credentials");
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      throw new IllegalArgumentException("'" + text + "' is not an absolute http(s) URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + text + "' must not have a query or fragment");
    }
    switch (uri.getScheme()) {
      case "https" -> {}
      case "http" -> {
        if (!isLoopback(uri.getHost())) {
          throw new IllegalArgumentException(
              "'" + text + "' uses plain http; only https is allowed outside localhost");
        }
      }
      default -> throw new IllegalArgumentException("'" + text + "' must be an http(s) URL");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      // only literal addresses are checked, so this never does a DNS lookup
      return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]")
          && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static Set<String> namespaces(String text) {
    Set<String> names =
        Arrays.stream(text.split(","))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    names.forEach(OperatorConfig::dnsName);
    return names;
  }

  static Duration positiveDuration(String text) {
    return DurationParser.parse(text);
  }

  static int intBetween(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("'" + text + "' must be between " + min + " and " + max);
    }
    return value;
  }

  /** Looks settings up and turns a parse failure into an error that names the setting. */
  private record Settings(Map<String, String> values) {

    String raw(String key) {
      String value = values.get(key);
      return value == null || value.isBlank() ? null : value.trim();
    }

    <T> T get(String key, String fallback, Function<String, T> parser) {
      String value = raw(key);
      try {
        return parser.apply(value == null ? fallback : value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key, e.getMessage());
      }
    }
  }
}
