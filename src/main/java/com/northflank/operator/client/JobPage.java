package com.northflank.operator.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of List Jobs.
 *
 * @param jobs the page's jobs, in the API's order; unmodifiable
 * @param hasNextPage whether another page follows
 * @param cursor what to send for the next page; present exactly when {@code hasNextPage} (the
 *     client refuses a page that says there is more without saying where)
 */
public record JobPage(List<JobSummary> jobs, boolean hasNextPage, String cursor) {

  public JobPage {
    jobs = List.copyOf(Objects.requireNonNull(jobs, "jobs"));
    if (hasNextPage && (cursor == null || cursor.isBlank())) {
      throw new IllegalArgumentException("a page with a next page needs a cursor");
    }
    if (!hasNextPage) {
      cursor = null;
    }
  }

  /** The cursor of the next page, empty on the last page. */
  public Optional<String> nextCursor() {
    return Optional.ofNullable(cursor);
  }
}
