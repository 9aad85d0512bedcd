package com.northflank.operator.model;

import java.util.Map;
import java.util.Optional;

/**
 * The annotation {@code northflank.com/paused: "true"}: no Northflank API call for the resource
 * (reads or writes) until it is removed. {@code "false"} is the same as no annotation; any other
 * value does not pause either, and is announced as a mistake ({@link Reasons#INVALID_ANNOTATION}).
 */
public final class Pause {

  public static final String ANNOTATION = "northflank.com/paused";

  private Pause() {}

  public static boolean isPaused(NorthflankJob job) {
    return "true".equals(annotation(job));
  }

  /**
   * The annotation's value when it is neither "true" nor "false" ("yes", "True", "1"): the resource
   * is not paused, which its author probably meant it to be.
   */
  public static Optional<String> invalidValue(NorthflankJob job) {
    String value = annotation(job);
    return value == null || value.equals("true") || value.equals("false")
        ? Optional.empty()
        : Optional.of(value);
  }

  /** The annotation's value as written, or null when the resource has none. */
  public static String annotation(NorthflankJob job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }
}
