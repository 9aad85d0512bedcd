package com.northflank.operator.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The subset of the Northflank API the operator uses: read a job and its runs, correct a job, list
 * a project, create and delete a job.
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

  /**
   * Creates a job: {@code POST /v1/projects/{projectId}/jobs} (the team route {@code
   * /v1/teams/{teamId}/projects/{projectId}/jobs} when the project has a team). The answer's data,
   * normalised to the Get Job shape by {@link CreateResultShape}, is returned: its {@code
   * job().id()} is the id Northflank gave the job (derived from the name). The request body is
   * never logged: it carries the runtime variables.
   *
   * @param request the CreateJob request body
   * @throws NorthflankApiException for every failure, HTTP or otherwise; a 409 (a job with that id
   *     exists) has kind {@link NorthflankApiException.Kind#CONFLICT}
   * @throws IllegalStateException when the client is read-only; nothing is sent then
   */
  JobSnapshot createJob(ProjectRef project, ObjectNode request, ApiToken token);

  /**
   * Deletes a job: {@code DELETE /v1/projects/{projectId}/jobs/{jobId}} (the team route likewise).
   *
   * @return true when the API deleted it, false when it answered 404 (already gone: success too)
   * @throws NorthflankApiException for every other failure, HTTP or otherwise
   * @throws IllegalStateException when the client is read-only; nothing is sent then
   */
  boolean deleteJob(JobRef ref, ApiToken token);
}
