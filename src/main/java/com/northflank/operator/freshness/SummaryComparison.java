package com.northflank.operator.freshness;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which summary fields a listing shows changed since the last full read. */
public final class SummaryComparison {

  private SummaryComparison() {}

  /**
   * The fields, by their spec.job names, on which {@code listed} differs from {@code lastRead};
   * fields {@code lastRead} does not know are skipped, and so is a field the listing lacks.
   */
  public static List<String> differences(ListedFields lastRead, ListedFields listed) {
    List<String> fields = new ArrayList<>();
    compare(fields, "name", lastRead.name(), listed.name());
    compare(fields, "tags", lastRead.tags(), listed.tags());
    compare(fields, "description", lastRead.description(), listed.description());
    compare(fields, "jobType", lastRead.jobType(), listed.jobType());
    compare(fields, "disabledCI", lastRead.disabledCI(), listed.disabledCI());
    compare(fields, "disabledCD", lastRead.disabledCD(), listed.disabledCD());
    compare(fields, "suspended", lastRead.suspended(), listed.suspended());
    return fields;
  }

  private static void compare(List<String> fields, String field, Object known, Object listed) {
    if (known != null && listed != null && !Objects.equals(known, listed)) {
      fields.add(field);
    }
  }
}
