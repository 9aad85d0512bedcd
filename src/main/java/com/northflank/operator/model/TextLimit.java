package com.northflank.operator.model;

/**
 * Cuts text that a status, a condition or an Event quotes to a bounded length, and says so: what a
 * user declares and what Northflank answers can be any size, and a status the API server refuses
 * for its size would be retried forever. The cut is deterministic, so an unchanged value gives an
 * unchanged status and no write.
 */
public final class TextLimit {

  private TextLimit() {}

  /** {@code text} if it has at most {@code max} characters, else its start and a marker. */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    String marker = "… (truncated, " + text.length() + " characters)";
    int end = Math.max(0, max - marker.length());
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + marker;
  }
}
