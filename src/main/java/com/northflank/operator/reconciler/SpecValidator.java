package com.northflank.operator.reconciler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.config.SyncIntervals;
import com.northflank.operator.failure.FailureReason;
import com.northflank.operator.failure.SyncException;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.TextLimit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks what the CRD schema cannot (or what a cluster without CEL support would let through)
 * before any API call is spent on a spec that cannot be right.
 */
public final class SpecValidator {

  private static final CronParser UNIX_CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** Parsing a cron expression costs more than the rest of a poll; schedules repeat. */
  private static final int REMEMBERED_SCHEDULES = 10_000;

  private static final String VALID = "";

  /**
   * How much of a schedule, or of the parser's reason (which may quote it), a message quotes: the
   * message goes into a condition and an Event.
   */
  static final int QUOTED_LENGTH = 100;

  /** Schedule → "" when valid, else why not. */
  private final Map<String, String> schedules = new ConcurrentHashMap<>();

  /**
   * @throws SyncException InvalidSpec, with a message naming the field
   */
  public void validate(NorthflankJobSpec spec) {
    if (spec == null || isBlank(spec.projectId()) || isBlank(spec.jobId())) {
      throw invalid("spec.projectId and spec.jobId are required");
    }
    if (spec.syncInterval() != null) {
      try {
        SyncIntervals.declared(spec.syncInterval());
      } catch (IllegalArgumentException e) {
        throw invalid("spec.syncInterval: " + e.getMessage());
      }
    }
    spec.creationProblem().ifPresent(problem -> {
      throw invalid("spec: " + problem);
    });
    JobDefinition job = spec.job();
    if (job == null || job.settings() == null || job.settings().cron() == null) {
      return;
    }
    if ("manual".equalsIgnoreCase(job.jobType())) {
      throw invalid("spec.job.settings.cron applies only to cron jobs, but jobType is manual");
    }
    String schedule = job.settings().cron().schedule();
    if (schedule != null) {
      String problem = schedules.get(schedule);
      if (problem == null) {
        if (schedules.size() >= REMEMBERED_SCHEDULES) {
          schedules.clear();
        }
        problem = cronProblem(schedule);
        schedules.put(schedule, problem);
      }
      if (!problem.equals(VALID)) {
        throw invalid(
            "spec.job.settings.cron.schedule '"
                + TextLimit.cut(schedule, QUOTED_LENGTH)
                + "' is not a UNIX cron expression: "
                + TextLimit.cut(problem, QUOTED_LENGTH));
      }
    }
  }

  private static String cronProblem(String schedule) {
    try {
      UNIX_CRON.parse(schedule).validate();
      return VALID;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static SyncException invalid(String message) {
    return new SyncException(FailureReason.INVALID_SPEC, message);
  }
}
