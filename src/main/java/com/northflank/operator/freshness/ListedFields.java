package com.northflank.operator.freshness;

import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.client.JobSummary;
import com.northflank.operator.client.LiveJob;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fields of a job that List Jobs carries, normalised for comparison: {@code jobType} in lower
 * case, {@code tags} as a set (absent meaning none), an absent description as empty, an absent
 * {@code suspended} (a manual job) as false. A null component means "not known", and is not
 * compared: after a restart the operator knows only what the resource's status implies.
 */
public record ListedFields(
    String name,
    Set<String> tags,
    String description,
    String jobType,
    Boolean disabledCI,
    Boolean disabledCD,
    Boolean suspended) {

  /** What a page of List Jobs says about a job. */
  public static ListedFields of(JobSummary listed) {
    return known(
        listed.name(),
        listed.tags(),
        listed.description(),
        listed.jobType(),
        listed.disabledCI(),
        listed.disabledCD(),
        listed.suspended());
  }

  /** What a full read (Get Job) said about the same fields. */
  public static ListedFields of(LiveJob live) {
    return known(
        live.name(),
        live.tags(),
        live.description(),
        live.jobType(),
        live.disabledCI(),
        live.disabledCD(),
        live.suspended());
  }

  /**
   * What a resource's status implies about the last full read, for a resource not read since the
   * operator started: {@code jobType} and {@code suspended} from the status, and each field that
   * {@code spec.job} declares and the status does not list as drift, from the declaration (in sync
   * means live equals declared). Everything else is unknown.
   */
  public static ListedFields implied(NorthflankJobStatus status, JobDefinition declared) {
    Set<String> drifted =
        status.drift() == null
            ? Set.of()
            : status.drift().stream().map(FieldDrift::field).collect(Collectors.toSet());
    JobDefinition job = declared;
    // a capped drift list may not name every drifted field: then no declaration can be trusted
    boolean capped =
        status.driftCount() != null
            && status.driftCount() > (status.drift() == null ? 0 : drifted.size());
    boolean hasJob = job != null && !capped;
    return new ListedFields(
        hasJob && job.name() != null && !drifted.contains("name") ? job.name() : null,
        hasJob && job.tags() != null && !drifted.contains("tags") ? tagSet(job.tags()) : null,
        hasJob && job.description() != null && !drifted.contains("description")
            ? job.description()
            : null,
        lower(status.jobType()),
        hasJob && job.disabledCI() != null && !drifted.contains("disabledCI")
            ? job.disabledCI()
            : null,
        hasJob && job.disabledCD() != null && !drifted.contains("disabledCD")
            ? job.disabledCD()
            : null,
        status.suspended());
  }

  private static ListedFields known(
      String name,
      List<String> tags,
      String description,
      String jobType,
      Boolean disabledCI,
      Boolean disabledCD,
      Boolean suspended) {
    return new ListedFields(
        name,
        tagSet(tags),
        description == null ? "" : description,
        lower(jobType),
        disabledCI,
        disabledCD,
        suspended != null && suspended);
  }

  private static Set<String> tagSet(List<String> tags) {
    return tags == null ? Set.of() : Set.copyOf(new TreeSet<>(tags));
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
