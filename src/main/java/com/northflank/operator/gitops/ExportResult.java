package com.northflank.operator.gitops;

import java.time.Duration;
import java.util.List;

/**
 * What an export did.
 *
 * @param jobs how many jobs were to be exported (listed, or named)
 * @param exported how many resources were written
 * @param failures one line per job that could not be exported, or about the export as a whole
 * @param omitted how many fields were left out because the CRD would refuse their live values
 * @param requests Northflank requests sent, retries included
 */
public record ExportResult(
    int jobs, int exported, List<String> failures, int omitted, long requests, Duration elapsed) {

  public ExportResult {
    failures = List.copyOf(failures);
  }

  /** 0 when every job was exported, 2 when anything failed. */
  public int exitCode() {
    return failures.isEmpty() ? 0 : 2;
  }
}
