package com.northflank.operator.client;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one table of which declared fields {@code PATCH jobs/{jobId}} can change, by their path in
 * the Get Job shape (the shape of {@code spec.job}), and where each goes in the PATCH dialect.
 * Drift entries are marked correctable from it and the PATCH builder sends only what it allows.
 */
public final class PatchableFields {

  /** Top-level fields PATCH takes under the same name and with the same nesting. */
  private static final Set<String> SAME_PATH =
      Set.of("description", "tags", "billing", "disabledCI", "buildConfiguration", "settings");

  /** Fields PATCH takes elsewhere: Get Job shows suspension at the top level. */
  private static final Map<String, String> MOVED = Map.of("suspended", "settings.cron.suspended");

  /**
   * Declared top-level fields PATCH has no field for: only a change in Northflank (or recreating
   * the job) can make them match. {@code buildEngineConfiguration} and part of {@code vcsData} have
   * a counterpart in PATCH's {@code buildSettings}, but in another shape whose defaults the
   * operator cannot see, so they are not sent either.
   */
  public static final Set<String> NOT_PATCHABLE =
      Set.of("name", "jobType", "vcsData", "buildEngineConfiguration", "disabledCD", "deployment");

  private PatchableFields() {}

  /** Whether PATCH can change the field at this dotted spec.job path. */
  public static boolean isCorrectable(String field) {
    String top = topLevel(field);
    return SAME_PATH.contains(top) || MOVED.containsKey(field);
  }

  /** Where the field goes in a PATCH body, or empty when PATCH cannot change it. */
  public static Optional<String> patchPath(String field) {
    if (MOVED.containsKey(field)) {
      return Optional.of(MOVED.get(field));
    }
    return SAME_PATH.contains(topLevel(field)) ? Optional.of(field) : Optional.empty();
  }

  /** Every top-level spec.job field PATCH can change. */
  public static Set<String> correctableTopLevel() {
    Set<String> all = new TreeSet<>(SAME_PATH);
    all.addAll(MOVED.keySet());
    return Collections.unmodifiableSet(all);
  }

  private static String topLevel(String field) {
    int dot = field.indexOf('.');
    return dot < 0 ? field : field.substring(0, dot);
  }
}
