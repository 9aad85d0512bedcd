package com.northflank.operator.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A base for fakes of {@link NorthflankApi}: every request fails the test, naming who made it and
 * which, unless the fake overrides that request because the code under test is meant to send it.
 */
public abstract class UnexpectedCalls implements NorthflankApi {

  private final String caller;

  /**
   * @param caller the code under test, as the failure names it (e.g. "the corrector")
   */
  protected UnexpectedCalls(String caller) {
    this.caller = caller;
  }

  @Override
  public JobSnapshot getJob(JobRef ref, ApiToken token) {
    throw unexpected("Get Job");
  }

  @Override
  public JobSnapshot patchJob(JobRef ref, ObjectNode patch, JobSnapshot before, ApiToken token) {
    throw unexpected("Patch Job");
  }

  @Override
  public JobPage listJobs(ProjectRef project, String cursor, int perPage, ApiToken token) {
    throw unexpected("List Jobs");
  }

  @Override
  public RunPage listRuns(JobRef ref, int perPage, ApiToken token) {
    throw unexpected("List Runs");
  }

  @Override
  public JobSnapshot createJob(ProjectRef project, ObjectNode request, ApiToken token) {
    throw unexpected("Create Job");
  }

  @Override
  public boolean deleteJob(JobRef ref, ApiToken token) {
    throw unexpected("Delete Job");
  }

  private AssertionError unexpected(String request) {
    return new AssertionError(caller + " must not send " + request);
  }
}
