package com.northflank.operator.model;

/**
 * Bounds the CRD puts on values a client stores, so that every stored NorthflankJob is one the
 * model can read: a value past them is refused by the API server at {@code kubectl apply}, instead
 * of failing the operator's list and watch of every NorthflankJob. Constants, for annotations.
 */
public final class SchemaBounds {

  /** The largest value of a Java int: for {@code Integer} fields. */
  public static final double INT32_MAX = 2147483647.0;

  /**
   * The largest integer that both the API server's comparison with {@code maximum} (a float64) and
   * JSON numbers at large (Northflank's API is JavaScript) hold exactly, 2^53 - 1: for {@code Long}
   * fields. {@link Long#MAX_VALUE} as a {@code maximum} would read as 2^63 and admit a value no long
   * holds.
   */
  public static final double INT64_EXACT_MAX = 9007199254740991.0;

  private SchemaBounds() {}
}
