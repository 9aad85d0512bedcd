package com.northflank.operator.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of GET jobs/{jobId}/runs, in the API's order (which it does not document).
 *
 * @param hasNextPage whether more runs follow; false when the answer does not say
 */
public record RunPage(List<JobRun> runs, boolean hasNextPage) {

  public RunPage {
    runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
  }
}
