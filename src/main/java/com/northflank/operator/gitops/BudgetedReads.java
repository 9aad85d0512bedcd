package com.northflank.operator.gitops;

import com.northflank.operator.budget.Admission;
import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.HttpNorthflankClient;
import com.northflank.operator.client.JobPage;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.JobSummary;
import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.ProjectRef;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Northflank reads for the commands that serve Git repositories. Every request, list pages and Get
 * Jobs alike, waits for the same {@link RequestBudget} the operator uses: paced evenly over the
 * window, never in a burst, and paused when the server answers 429 or says its window is spent. A
 * read that fails in a way retrying can fix (429, 5xx, timeouts) is tried again, up to {@value
 * #ATTEMPTS} times in all, after the server's Retry-After or an exponential backoff. A read that
 * finds no connection is not: the API is down for every read, and the command says so at once.
 *
 * <p>Meant for one command on one thread; waiting for the budget blocks that thread.
 */
public final class BudgetedReads {

  static final int ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

  private final NorthflankApi api;
  private final RequestBudget budget;
  private final ApiBudget limits;
  private final ApiToken token;
  private final RequestLedger ledger;
  private final Retry retry;

  /**
   * @param budget must also hear every call the client makes (as its {@code ApiCallListener}), or
   *     429s and spent windows would not pause the reads
   */
  BudgetedReads(
      NorthflankApi api,
      RequestBudget budget,
      ApiBudget limits,
      ApiToken token,
      RequestLedger ledger) {
    this.api = Objects.requireNonNull(api, "api");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.token = Objects.requireNonNull(token, "token");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.retry =
        Retry.of(
            "northflank-reads",
            RetryConfig.<Object>custom()
                .maxAttempts(ATTEMPTS)
                .retryOnException(
                    e ->
                        e instanceof NorthflankApiException failure
                            && failure.retryable()
                            && !failure.connectionFailed())
                .intervalBiFunction(waitBeforeRetry())
                .build());
  }

  /** Reads through the API of the configuration, with its budget, timeouts and base URL. */
  public static BudgetedReads connect(OperatorConfig config, ApiToken token) {
    RequestBudget budget = new RequestBudget(config.apiBudget());
    RequestLedger ledger = new RequestLedger(config.apiBudget(), Clock.systemUTC());
    HttpNorthflankClient client =
        new HttpNorthflankClient(
            config.apiUrl(),
            config.connectTimeout(),
            config.requestTimeout(),
            call -> {
              budget.onCall(call);
              ledger.onCall(call);
            });
    return new BudgetedReads(client, budget, config.apiBudget(), token, ledger);
  }

  public JobSnapshot getJob(JobRef ref) {
    return read(
        "job " + ref.teamId() + "/" + ref.projectId() + "/" + ref.jobId(),
        () -> api.getJob(ref, token));
  }

  /** Every job of the project, page after page of the API's maximum size. */
  public List<JobSummary> listJobs(ProjectRef project) {
    List<JobSummary> jobs = new ArrayList<>();
    String cursor = null;
    int page = 0;
    do {
      String pageCursor = cursor;
      page++;
      JobPage result =
          read(
              "list " + project.teamId() + "/" + project.projectId() + " page " + page,
              () -> api.listJobs(project, pageCursor, HttpNorthflankClient.MAX_PER_PAGE, token));
      jobs.addAll(result.jobs());
      cursor = result.nextCursor().orElse(null);
    } while (cursor != null);
    return jobs;
  }

  public RequestLedger ledger() {
    return ledger;
  }

  private <T> T read(String key, Supplier<T> request) {
    return Retry.decorateSupplier(
            retry,
            () -> {
              awaitAdmission(key);
              return request.get();
            })
        .get();
  }

  /**
   * Each read asks under its own key: a key whose slot is reserved is admitted when the slot comes,
   * so asking again after the given delay always makes progress.
   */
  private void awaitAdmission(String key) {
    while (budget.admit(key, token, limits.window(), false) instanceof Admission.Later later) {
      sleep(later.delay());
    }
  }

  private static IntervalBiFunction<Object> waitBeforeRetry() {
    return (attempt, outcome) -> {
      Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.max(0, attempt - 1));
      if (outcome.isLeft() && outcome.getLeft() instanceof NorthflankApiException failure) {
        wait = failure.retryAfter().orElse(wait);
      }
      return Math.min(wait.toMillis(), LONGEST_WAIT.toMillis());
    };
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(Math.max(1, delay.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the request budget", e);
    }
  }
}
