package com.northflank.operator.model;

import java.util.Map;

/**
 * The annotation {@code northflank.com/paused: "true"}: no Northflank API call for the resource
 * (reads or writes) until it is removed.
 */
public final class Pause {

  public static final String ANNOTATION = "northflank.com/paused";

  private Pause() {}

  public static boolean isPaused(NorthflankJob job) {
    return "true".equals(annotation(job));
  }

  /** The annotation's value as written, or null when the resource has none. */
  public static String annotation(NorthflankJob job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }
}
