package com.northflank.operator.drift;

import com.northflank.operator.model.FieldDrift;
import java.util.List;

/**
 * The declared fields of a job whose live values differ, sorted by field path.
 *
 * @param differences one entry per differing field; never null, unmodifiable
 */
public record DriftReport(List<FieldDrift> differences) {

  private static final DriftReport NONE = new DriftReport(List.of());

  public DriftReport {
    differences = List.copyOf(differences);
  }

  /** A report without differences: the job is in sync, or nothing is declared. */
  public static DriftReport none() {
    return NONE;
  }

  /** Whether any declared field differs from the live job. */
  public boolean drifted() {
    return !differences.isEmpty();
  }

  /** The paths of the differing fields, in report order. */
  public List<String> fields() {
    return differences.stream().map(FieldDrift::field).toList();
  }
}
