package com.northflank.operator.northflank;

/** The subset of the Northflank API the operator uses. */
public interface NorthflankApi {

  /**
   * Reads the full live state of one job.
   *
   * @throws NorthflankApiException for every failure, HTTP or otherwise; its kind says whether a
   *     retry can help
   */
  JobSnapshot getJob(JobRef ref, ApiToken token);

  /**
   * Reads one page of a project's jobs (List Jobs, cursor pagination). Summaries only: the full
   * state of a job needs {@link #getJob}.
   *
   * @param cursor null for the first page, else {@link JobPage#nextCursor()} of the previous one
   * @param perPage jobs per page, 1 to 100 (the API's maximum)
   * @throws NorthflankApiException for every failure, as {@link #getJob} does; the message names
   *     the project
   */
  JobPage listJobs(ProjectRef project, String cursor, int perPage, ApiToken token);
}
