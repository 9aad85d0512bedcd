package com.northflank.operator.gitops;

import java.util.Objects;

/**
 * A field of the live job that an export leaves out of {@code spec.job} because the CRD would not
 * accept its value: declared as it is, {@code kubectl apply} and {@code validate} would reject the
 * whole resource. Left out, the field is simply not managed, and diff does not compare it.
 *
 * @param field dotted path below {@code spec.job}, e.g. {@code tags}
 * @param reason what the CRD says about the live value
 */
public record Omission(String field, String reason) {

  public Omission {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return field + ": " + reason;
  }
}
