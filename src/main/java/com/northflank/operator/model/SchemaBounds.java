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

  // Sizes. Where Northflank's API reference gives a bound (job name 52, description 200, plan IDs
  // 100, path ignore rules 260, commit ignore flags 72) the model carries it on the field; the
  // ones below are the operator's, for fields the reference leaves open: far above any real value,
  // and small enough that a resource, and the conditions, Events and drift entries that quote it,
  // stay far below what the API server stores (1.5 MiB per object).

  /** Items of any list in spec.job. */
  public static final int LIST_ITEMS = 100;

  /** A cron schedule: five fields, each a list of numbers at most, fit many times over. */
  public static final int CRON_SCHEDULE_LENGTH = 256;

  /** A Northflank ID or a short name: team, project, job, plan, region, credentials, VCS. */
  public static final int ID_LENGTH = 100;

  /** A branch, a Dockerfile stage, a path in the repository. */
  public static final int NAME_LENGTH = 256;

  /** A repository or buildpack URL. */
  public static final int URL_LENGTH = 2048;

  /** A command, an entrypoint or a process line. */
  public static final int COMMAND_LENGTH = 4096;

  /** A Go-style duration such as 1h30m. */
  public static final int DURATION_LENGTH = 32;

  /** A DNS-1123 subdomain: what Kubernetes requires of most object names, Secrets' among them. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** The longest DNS-1123 subdomain. */
  public static final int DNS_SUBDOMAIN_LENGTH = 253;

  private SchemaBounds() {}
}
