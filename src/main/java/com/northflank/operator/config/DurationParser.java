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

  /**
   * A year: no setting or interval means more, and everything up to it leaves room for the
   * arithmetic done on it (in nanoseconds, times a budget's stretch) without overflowing.
   */
  public static final Duration LONGEST = Duration.ofHours(8760);

  private DurationParser() {}

  /**
   * @throws IllegalArgumentException in one line when the text is not a duration, is zero, or is
   *     longer than {@link #LONGEST}
   */
  public static Duration parse(String text) {
    return parseAtMost(text, LONGEST);
  }

  /**
   * @throws IllegalArgumentException in one line when the text is not a duration, is zero, or is
   *     longer than {@code max} (at most {@link #LONGEST})
   */
  public static Duration parseAtMost(String text, Duration max) {
    Duration total = read(text);
    if (total == null || total.compareTo(max) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than " + format(max));
    }
    return total;
  }

  /**
   * @throws IllegalArgumentException in one line, naming the range, when the text is not a
   *     duration from {@code min} to {@code max} (at most {@link #LONGEST})
   */
  public static Duration parseBetween(String text, Duration min, Duration max) {
    Duration total = read(text);
    if (total == null || total.compareTo(min) < 0 || total.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "'" + text + "' must be between " + format(min) + " and " + format(max));
    }
    return total;
  }

  /** The duration, or null when it is too long for a Duration or longer than {@link #LONGEST}. */
  private static Duration read(String text) {
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
    } catch (NumberFormatException | ArithmeticException tooLong) {
      // a part beyond a long, or a sum beyond a Duration: only the size is wrong
      return null;
    }
    if (total.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return total.compareTo(LONGEST) > 0 ? null : total;
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
