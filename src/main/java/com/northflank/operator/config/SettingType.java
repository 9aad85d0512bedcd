package com.northflank.operator.config;

import com.northflank.operator.client.ApiToken;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a {@link Setting}'s text becomes a value: the parser, which also validates and throws an
 * {@link IllegalArgumentException} saying what is wrong without naming the setting, and the label
 * a command line shows for the value.
 *
 * @param label how help text names the value, e.g. {@code DURATION}
 * @param parser reads trimmed, non-blank text; throws {@link IllegalArgumentException}
 * @param isSwitch true or false: the flag given alone means true
 */
public record SettingType<T>(String label, Function<String, T> parser, boolean isSwitch) {

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** {@code true}, {@code yes}, {@code 1} or {@code false}, {@code no}, {@code 0}. */
  public static final SettingType<Boolean> SWITCH =
      new SettingType<>("true|false", SettingType::bool, true);

  /** A Go-style duration longer than zero: {@code 90s}, {@code 5m}, {@code 1h30m}. */
  public static final SettingType<Duration> DURATION =
      new SettingType<>("DURATION", DurationParser::parse, false);

  /** An absolute https URL, or http on loopback only. */
  public static final SettingType<URI> API_URL =
      new SettingType<>("URL", SettingType::apiUrl, false);

  /** A Kubernetes object name (a DNS label). */
  public static final SettingType<String> DNS_NAME =
      new SettingType<>("NAME", SettingType::dnsName, false);

  /** Comma-separated namespace names; empty entries are dropped. */
  public static final SettingType<Set<String>> NAMESPACES =
      new SettingType<>("NS[,NS...]", SettingType::namespaces, false);

  /** {@code *} for every watched namespace, or comma-separated namespace names. */
  public static final SettingType<NamespaceSelection> NAMESPACE_SELECTION =
      new SettingType<>("NS[,NS...]|*", NamespaceSelection::parse, false);

  public static final SettingType<OperatorConfig.LogFormat> LOG_FORMAT =
      new SettingType<>("text|json", SettingType::logFormat, false);

  /** Requests per window: {@code 1000/1h}. */
  public static final SettingType<ApiBudget> API_BUDGET =
      new SettingType<>("N/DURATION", ApiBudget::parse, false);

  public static final SettingType<Path> PATH = new SettingType<>("PATH", Path::of, false);

  /** An API token; a bad one is reported without echoing it. */
  public static final SettingType<ApiToken> API_TOKEN =
      new SettingType<>("TOKEN", SettingType::apiToken, false);

  /** A Go-style duration from {@code min} to {@code max}. */
  public static SettingType<Duration> duration(Duration min, Duration max) {
    return new SettingType<>(
        "DURATION", text -> DurationParser.parseBetween(text, min, max), false);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static SettingType<Integer> wholeNumber(int min, int max) {
    return new SettingType<>("N", text -> intBetween(text, min, max), false);
  }

  /** The same type under another label, e.g. {@code PORT} for a whole number. */
  public SettingType<T> labelled(String otherLabel) {
    return new SettingType<>(otherLabel, parser, isSwitch);
  }

  T parse(String text) {
    return parser.apply(text);
  }

  private static boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }

  private static String dnsName(String text) {
    if (!DNS_LABEL.matcher(text).matches() || text.length() > 63) {
      throw new IllegalArgumentException("'" + text + "' is not a valid Kubernetes name");
    }
    return text;
  }

  private static Set<String> namespaces(String text) {
    Set<String> names =
        Arrays.stream(text.split(","))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    names.forEach(SettingType::dnsName);
    return names;
  }

  private static OperatorConfig.LogFormat logFormat(String text) {
    try {
      return OperatorConfig.LogFormat.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not text or json");
    }
  }

  private static ApiToken apiToken(String text) {
    try {
      return ApiToken.of(text);
    } catch (IllegalArgumentException e) {
      // ApiToken's own message is safe too, but says more about the secret than a log needs
      throw new IllegalArgumentException("not a valid API token");
    }
  }

  private static int intBetween(String text, int min, int max) {
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

  /**
   * Plain HTTP is refused except on loopback (the embedded demo and tests), so a token never
   * crosses a network in the clear. No message quotes the text as given: a URL may carry
   * credentials (userinfo, a query), malformed ones too, so messages quote {@link #shown} instead.
   */
  private static URI apiUrl(String text) {
    URI uri;
    try {
      uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(shown(text) + " is not a URL");
    }
    if (uri.getRawUserInfo() != null || text.indexOf('@') >= 0) {
      throw new IllegalArgumentException("the URL must not carry credentials");
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      throw new IllegalArgumentException(shown(text) + " is not an absolute http(s) URL");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(shown(text) + " must not have a query or fragment");
    }
    switch (uri.getScheme()) {
      case "https" -> {}
      case "http" -> {
        if (!isLoopback(uri.getHost())) {
          throw new IllegalArgumentException(
              shown(text) + " uses plain http; only https is allowed outside localhost");
        }
      }
      default -> throw new IllegalArgumentException(shown(text) + " must be an http(s) URL");
    }
    return uri;
  }

  /**
   * The URL as a message may quote it: whatever could be credentials is cut out, however malformed
   * the text. Everything up to the last '@' after the scheme (userinfo, and what a parser might take
   * for it), and everything from the first '?', '#' or '=' on (a query may carry an API key, and
   * a mistyped {@code --api-url --token=...} makes the next option the URL).
   */
  static String shown(String text) {
    String shown = text;
    int end = firstOf(shown, '?', '#', '=');
    if (end >= 0) {
      shown = shown.substring(0, end) + "[REDACTED]";
    }
    int at = shown.lastIndexOf('@');
    if (at >= 0) {
      int scheme = shown.indexOf("://");
      int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
      shown = shown.substring(0, start) + "[REDACTED]" + shown.substring(at);
    }
    return "'" + shown + "'";
  }

  private static int firstOf(String text, char... characters) {
    int first = -1;
    for (char c : characters) {
      int index = text.indexOf(c);
      if (index >= 0 && (first < 0 || index < first)) {
        first = index;
      }
    }
    return first;
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
}
