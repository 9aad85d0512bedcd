package com.northflank.operator.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How Northflank derives a job's ID from the name it is created with: lower case, each space a
 * hyphen ("Example Job" gives {@code example-job}). The CRD's CEL rule, the operator's spec check
 * and {@code validate} use the same rule, so that a resource whose name would give another ID than
 * spec.jobId is refused before anything is created.
 */
public final class JobNames {

  /**
   * The create request's name pattern with spaces as the only whitespace (a tab or a newline would
   * derive an ID the operator cannot predict), 3 to 52 characters.
   */
  public static final String CREATABLE_NAME_PATTERN =
      "^[a-zA-Z]((-| )?[a-zA-Z0-9]+((-| )[a-zA-Z0-9]+)*)?$";

  public static final String DERIVATION_MESSAGE =
      "with a creationPolicy, job.name must give spec.jobId: Northflank derives the ID from the"
          + " name, in lower case with each space a hyphen (\"Example Job\" gives example-job), in 3 to 52 letters, digits, hyphens and spaces";

  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile(CREATABLE_NAME_PATTERN);

  private JobNames() {}

  /** The ID Northflank gives a job created with this name, or empty for a name it would refuse. */
  public static Optional<String> derivedId(String name) {
    if (name == null || name.length() < 3 || name.length() > 52 || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(name.toLowerCase(Locale.ROOT).replace(' ', '-'));
  }
}
