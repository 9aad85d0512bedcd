package com.northflank.operator.client;

import java.util.regex.Pattern;

/**
 * Makes text taken from a response fit for an exception message: the token is redacted, the text
 * flattened to one line and shortened. Error bodies may echo request data, including the token.
 */
final class SafeText {

  static final int MAX_LENGTH = 200;
  static final String REDACTED = "[REDACTED]";

  // JWT segments long enough to identify a token; shorter ones would redact ordinary words.
  private static final int MIN_REDACTED_PART = 8;
  private static final Pattern INVISIBLE_RUNS = Pattern.compile("[\\p{Cc}\\p{Cf}\\s]+");

  private SafeText() {}

  static String of(String text, ApiToken token) {
    // Redact before truncating so that no token prefix survives the cut. Invisible characters
    // become a space rather than nothing, so that dropping them cannot splice a token together.
    String redacted = redact(text, token);
    return truncate(INVISIBLE_RUNS.matcher(redacted).replaceAll(" ").strip());
  }

  private static String redact(String text, ApiToken token) {
    String secret = token.reveal();
    String result = text.replace(secret, REDACTED);
    for (String part : secret.split("\\.")) {
      if (part.length() >= MIN_REDACTED_PART) {
        result = result.replace(part, REDACTED);
      }
    }
    return result;
  }

  private static String truncate(String text) {
    if (text.length() <= MAX_LENGTH) {
      return text;
    }
    int end = MAX_LENGTH;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
