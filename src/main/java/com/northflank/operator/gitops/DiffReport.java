package com.northflank.operator.gitops;

import com.northflank.operator.gitops.ResourceDiff.Result;
import java.util.List;

/**
 * What {@code diff} found.
 *
 * @param resources one entry per NorthflankJob document, and per file or document that should have
 *     been one, in input order
 * @param skipped documents of other kinds found in directories (a kustomization, a Secret, ...)
 */
public record DiffReport(List<ResourceDiff> resources, List<Skipped> skipped) {

  /** A document diff does not look at, and why not. */
  public record Skipped(String source, String reason) {}

  public DiffReport {
    resources = List.copyOf(resources);
    skipped = List.copyOf(skipped);
  }

  /** 0 when every resource is in sync, 1 when any drifted, 2 when anything failed. */
  public int exitCode() {
    if (count(Result.ERROR) > 0) {
      return 2;
    }
    return count(Result.DRIFTED) > 0 ? 1 : 0;
  }

  public long count(Result result) {
    return resources.stream().filter(resource -> resource.result() == result).count();
  }
}
