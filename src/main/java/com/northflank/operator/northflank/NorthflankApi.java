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
}
