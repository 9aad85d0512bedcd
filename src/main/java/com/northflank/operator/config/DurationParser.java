package com.northflank.operator.config;

import com.northflank.operator.model.NorthflankJobSpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Parses Go-style durations ("90s", "5m", "1h30m", "250ms") as used by Kubernetes users, in flags,
 * environment variables and {@code spec.syncInterval} alike.
 */
public final class DurationParser {

  private static final Pattern WHOLE = Pattern.compile(NorthflankJobSpec.DURATION_PATTERN);

  private DurationParser() {}

  /**
   * @throws IllegalArgumentException when the text is not a duration, or is zero
   */
  public static Duration parse(String text) {
    // fabric8's parser finds duration tokens anywhere in the text; anchor it to the CRD's pattern.
    if (text == null || !WHOLE.matcher(text.trim()).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration such as 90s, 5m or 1h30m");
    }
    Duration total;
    try {
      total = io.fabric8.kubernetes.api.model.Duration.parse(text.trim()).getDuration();
    } catch (ParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration", e);
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return total;
  }

  /** Renders a duration the way {@link #parse} reads it, e.g. 1h30m or 90s. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0) {
      text.append(seconds).append('s');
    }
    if (millis > 0) {
      text.append(millis).append("ms");
    }
    return text.toString();
  }
}
