package com.northflank.operator.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The subset of the Northflank API the operator uses: read a job and its runs, correct a job, list
 * a project.
 */
public interface NorthflankApi {

  /**
   * Reads the full live state of one job.
   *
   * @throws NorthflankApiException for every failure, HTTP or otherwise; its kind says whether a
   *     retry can help
   */
  JobSnapshot getJob(JobRef ref, ApiToken token);

  /**
   * Changes one job with {@code PATCH jobs/{jobId}} and returns it as it then stands, in the Get
   * Job shape: the PATCH answer is the new observation (no extra read), normalised by {@link
   * PatchResultShape}, with what the answer does not carry taken from {@code before}.
   *
   * @param patch the request body, in the PATCH dialect ({@link CorrectionPatch})
   * @param before the Get Job read the patch was computed from
   * @throws NorthflankApiException for every failure, HTTP or otherwise
   * @throws IllegalStateException when the client is read-only; nothing is sent then
   */
  JobSnapshot patchJob(JobRef ref, ObjectNode patch, JobSnapshot before, ApiToken token);

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

  /**
   * Reads the first page of a job's runs ({@code GET jobs/{jobId}/runs?per_page=N}). The API does
   * not document the order of the runs, so the caller picks from the page itself.
   *
   * @param perPage runs on the page, 1 to 100 (the API's maximum)
   * @throws NorthflankApiException for every failure, as {@link #getJob} does; the message names
   *     the runs route and the job
   */
  RunPage listRuns(JobRef ref, int perPage, ApiToken token);
}
