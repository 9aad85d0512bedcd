package com.northflank.operator.gitops;

import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.JobSummary;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.NorthflankApiException.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code export}: writes the live jobs of a project as NorthflankJob resources. The jobs are listed
 * (all pages) unless named, then read one by one with Get Job within the request budget, and each
 * is written as soon as it is read, in job ID order, so the same live state always gives the same
 * bytes.
 *
 * <p>A job that vanished or answers oddly is reported and the others are still exported; a failure
 * that would fail every following read too (bad token, permission, the API unreachable, or down
 * after retries) stops the export, so that no more requests are spent on it, and the last line says
 * why and what to check rather than counting what was not written.
 */
public final class ExportService {

  /** Failures that concern one job only. */
  private static final Set<Kind> ONE_JOB = Set.of(Kind.NOT_FOUND, Kind.INVALID_RESPONSE);

  private final BudgetedReads reads;
  private final SpecJobMapper mapper = new SpecJobMapper();
  private final PrintStream messages;
  private final Clock clock;

  /**
   * @param messages where progress, notes and the summary go (stderr), never the resources
   */
  public ExportService(BudgetedReads reads, PrintStream messages, Clock clock) {
    this.reads = reads;
    this.messages = messages;
    this.clock = clock;
  }

  public ExportResult export(ExportRequest request, ExportTarget target) {
    Instant started = clock.instant();
    ExportProgress progress = new ExportProgress(messages, clock, reads.ledger());
    String project = describe(request);
    JobResourceBuilder resources =
        new JobResourceBuilder(request.project(), request.namespace(), request.secretName());
    List<String> failures = new ArrayList<>();
    int omitted = 0;
    int exported = 0;

    Set<String> jobIds = new TreeSet<>(request.jobIds());
    if (jobIds.isEmpty()) {
      progress.listing(project);
      try {
        reads.listJobs(request.project()).stream().map(JobSummary::id).forEach(jobIds::add);
      } catch (NorthflankApiException e) {
        failures.add(e.getMessage());
        return finish(progress, target, 0, 0, failures, 0, started, e);
      }
    }
    progress.reading(jobIds.size(), project);
    int done = 0;
    NorthflankApiException stoppedBy = null;
    for (String jobId : jobIds) {
      done++;
      String problem = ExportRequest.jobIdProblem(jobId);
      if (problem != null) {
        failures.add("job " + jobId + ": the ID cannot be spec.jobId: " + problem);
        continue;
      }
      JobSnapshot live;
      try {
        live = reads.getJob(request.project().job(jobId));
      } catch (NorthflankApiException e) {
        failures.add("job " + jobId + ": " + e.getMessage());
        if (ONE_JOB.contains(e.kind())) {
          continue;
        }
        failures.add("export stopped after " + (done - 1) + " of " + jobIds.size() + " jobs");
        stoppedBy = e;
        break;
      }
      SpecJobMapper.Mapping mapping;
      try {
        mapping = mapper.map(live.document());
      } catch (IllegalArgumentException e) {
        failures.add("job " + jobId + ": " + e.getMessage());
        continue;
      }
      for (Omission omission : mapping.omissions()) {
        progress.note("job " + jobId + ": left out spec.job." + omission);
      }
      omitted += mapping.omissions().size();
      try {
        target.write(jobId, ResourceYaml.write(resources.resource(jobId, mapping.job())));
      } catch (IOException e) {
        failures.add("job " + jobId + ": cannot write it " + target.describe() + ": " + e);
        break;
      }
      exported++;
      progress.jobDone(done, jobIds.size());
    }
    return finish(progress, target, jobIds.size(), exported, failures, omitted, started, stoppedBy);
  }

  private ExportResult finish(
      ExportProgress progress,
      ExportTarget target,
      int jobs,
      int exported,
      List<String> failures,
      int omitted,
      Instant started,
      NorthflankApiException stoppedBy) {
    ExportResult result =
        new ExportResult(
            jobs,
            exported,
            failures,
            omitted,
            reads.ledger().sent(),
            Duration.between(started, clock.instant()));
    failures.forEach(failure -> progress.note("error: " + failure));
    Optional<String> check =
        stoppedBy == null ? Optional.empty() : ReadFailures.whatToCheck(stoppedBy);
    if (check.isPresent()) {
      progress.stopped(result, target.describe(), check.get());
    } else {
      progress.finished(result, target.describe());
    }
    return result;
  }

  private static String describe(ExportRequest request) {
    return (request.project().teamId() == null ? "" : "team " + request.project().teamId() + ", ")
        + "project "
        + request.project().projectId();
  }
}
