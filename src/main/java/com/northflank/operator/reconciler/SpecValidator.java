package com.northflank.operator.reconciler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJobSpec;

/**
 * Checks what the CRD schema cannot (or what a cluster without CEL support would let through)
 * before any API call is spent on a spec that cannot be right.
 */
public final class SpecValidator {

  private static final CronParser UNIX_CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /**
   * @throws SyncException InvalidSpec, with a message naming the field
   */
  public void validate(NorthflankJobSpec spec) {
    if (spec == null || isBlank(spec.projectId()) || isBlank(spec.jobId())) {
      throw invalid("spec.projectId and spec.jobId are required");
    }
    if (spec.syncInterval() != null) {
      try {
        DurationParser.parse(spec.syncInterval());
      } catch (IllegalArgumentException e) {
        throw invalid("spec.syncInterval: " + e.getMessage());
      }
    }
    JobDefinition job = spec.job();
    if (job == null || job.settings() == null || job.settings().cron() == null) {
      return;
    }
    if ("manual".equalsIgnoreCase(job.jobType())) {
      throw invalid("spec.job.settings.cron applies only to cron jobs, but jobType is manual");
    }
    String schedule = job.settings().cron().schedule();
    if (schedule != null) {
      try {
        UNIX_CRON.parse(schedule).validate();
      } catch (IllegalArgumentException e) {
        throw invalid(
            "spec.job.settings.cron.schedule '" + schedule + "' is not a UNIX cron expression: "
                + e.getMessage());
      }
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static SyncException invalid(String message) {
    return new SyncException(FailureReason.INVALID_SPEC, message);
  }
}
