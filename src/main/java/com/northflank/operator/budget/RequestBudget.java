package com.northflank.operator.budget;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.config.DurationParser;
import com.northflank.operator.client.ApiCall;
import com.northflank.operator.client.ApiCallListener;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.RateLimitSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every request, read or write, within the Northflank request budget, per API token. Reads
 * are paced evenly; when the jobs sharing a token want more than the budget at their sync intervals
 * (each sync counting every request it sends), the budget is shared max-min fairly: the jobs that
 * ask for more than an equal share are stretched to it, the others keep their intervals; and the
 * server's own word wins: a 429 pauses the token until Retry-After, a spent window
 * (x-ratelimit-remaining) until x-ratelimit-reset.
 */
public final class RequestBudget implements ApiCallListener {

  private static final Logger log = LoggerFactory.getLogger(RequestBudget.class);

  /** When a 429 says nothing about when to come back. */
  public static final Duration DEFAULT_PAUSE = Duration.ofMinutes(1);

  /** Northflank's rate-limit window. */
  private static final Duration SERVER_WINDOW = Duration.ofHours(1);

  private final ApiBudget budget;
  private final Map<String, TokenBudget> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> tokenOfJob = new ConcurrentHashMap<>();

  /** The longest server-directed pause honoured: {@link #serverPause}. */
  private final Duration longestPause;

  public RequestBudget(ApiBudget budget) {
    this.budget = budget;
    this.longestPause =
        budget.window().compareTo(SERVER_WINDOW) > 0 ? budget.window() : SERVER_WINDOW;
  }

  /**
   * Asks to send one read for a job now; see {@link #admit(String, ApiToken, Duration, boolean,
   * int)}.
   */
  public Admission admit(String job, ApiToken token, Duration interval, boolean urgent) {
    return admit(job, token, interval, urgent, 1);
  }

  /**
   * Asks to sync a job now with {@code requests} reads sent one after the other (Get Job, then its
   * runs). A routine sync waits until the routine lane has a slot for every one of them; an urgent
   * sync's first read takes the priority share, and the others go along only if the routine lane
   * has their slots free now or within two seconds, waited for on the calling thread ({@link
   * Admission.Now#requests()} says how many may go), so that they never jump the routine queue.
   *
   * @param job a stable key of the resource, e.g. namespace/name
   * @param interval the job's declared sync interval, which with {@code requests} sizes its share
   *     of the budget
   * @param urgent a new resource or a changed spec; a changed token is urgent by itself
   * @param requests reads per sync, 1 or more
   */
  public Admission admit(
      String job, ApiToken token, Duration interval, boolean urgent, int requests) {
    return admit(job, token, interval, urgent, requests, requests);
  }

  /**
   * As {@link #admit(String, ApiToken, Duration, boolean, int)}, for a job whose syncs do not all
   * send as many reads: its share of the budget is sized by {@code requestsPerSync} (what its
   * syncs send as a rule), this sync admitted for {@code requests}. So a job whose runs are read
   * only now and then (webhooks) keeps a steady share, and the fair level is not found again each
   * time.
   */
  public Admission admit(
      String job,
      ApiToken token,
      Duration interval,
      boolean urgent,
      int requestsPerSync,
      int requests) {
    if (requests < 1 || requestsPerSync < 1) {
      throw new IllegalArgumentException("a sync sends at least one request");
    }
    String key = token.fingerprint();
    String previous = tokenOfJob.put(job, key);
    boolean credentialsChanged = previous != null && !previous.equals(key);
    if (credentialsChanged) {
      forget(previous, job);
    }
    return registered(key, job, interval, requestsPerSync)
        .admit(job, urgent || credentialsChanged, requests);
  }

  /**
   * The token's budget with the job's demand counted. A budget retired meanwhile (its last job
   * forgotten by another thread) takes no job: then a fresh one is made, so no job is counted on a
   * budget the token no longer uses.
   */
  private TokenBudget registered(String key, String job, Duration interval, int requests) {
    while (true) {
      TokenBudget token = tokens.computeIfAbsent(key, k -> new TokenBudget(k, budget));
      if (token.register(job, interval, requests)) {
        return token;
      }
      tokens.remove(key, token);
    }
  }

  /**
   * Asks to send a write (a correcting PATCH) for a job whose read was just admitted. Writes spend
   * the same per-token budget as reads, first from the share kept for what must not queue behind
   * routine polls; a routine slot due within {@code maxWait} is waited for on the calling thread.
   */
  public Admission admitWrite(String job, ApiToken token, Duration maxWait) {
    String key = token.fingerprint();
    tokenOfJob.put(job, key);
    TokenBudget budget = tokens.computeIfAbsent(key, k -> new TokenBudget(k, this.budget));
    return budget.admitWrite(job, maxWait);
  }

  /**
   * Counts the share of the budget of a job not seen before, without reading it: a resource whose
   * first read after a restart is put off still sizes every interval on its token from the start. A
   * job already on record is left to {@link #admit}, which keeps its share current and notices a
   * changed token (urgent by itself).
   */
  public void register(String job, ApiToken token, Duration interval, int requests) {
    String key = token.fingerprint();
    if (tokenOfJob.putIfAbsent(job, key) == null) {
      registered(key, job, interval, requests);
    }
  }

  /**
   * Tells the budget how many requests one sweep cycle over the token's sweeping projects costs and
   * returns how often each of them may be listed ({@link SweepSplit}); empty when the token has no
   * jobs on record or sweeps get no share.
   */
  public Optional<Duration> sweepPeriod(ApiToken token, int sweepRequests) {
    TokenBudget budget = tokens.get(token.fingerprint());
    if (budget == null) {
      return Optional.empty();
    }
    budget.sweepRequests(sweepRequests);
    return budget.sweepSplit().sweepPeriod();
  }

  /**
   * Asks to send one sweep of a project ({@code pages} List Jobs requests) now, on the routine lane
   * in turn with the full reads. A later slot is held for the sweep, as for a routine read.
   *
   * @param sweep a stable key of the sweep, distinct from every resource key
   */
  public Admission admitSweep(String sweep, ApiToken token, int pages) {
    TokenBudget budget = tokens.get(token.fingerprint());
    if (budget == null) {
      return Admission.after(Duration.ofSeconds(1));
    }
    return budget.admitSweep(sweep, pages);
  }

  /**
   * One more page for a sweep under way that needs more pages than it was admitted with: yes only
   * when a routine slot is free this moment, so every page is paid for and a sweep that finds none
   * free stops rather than waits or overspends.
   */
  public boolean admitSweepPage(ApiToken token) {
    TokenBudget budget = tokens.get(token.fingerprint());
    return budget != null && budget.tryRoutineNow();
  }

  /** Frees the slot a sweep that will not run any more held. */
  public void forgetSweep(String sweep, ApiToken token) {
    TokenBudget budget = tokens.get(token.fingerprint());
    if (budget != null) {
      budget.forget(sweep);
    }
  }

  /**
   * The interval at which the job is actually read: its own, stretched only as far as its fair
   * share of the token's budget requires.
   */
  public Duration effectiveInterval(String job, Duration interval) {
    String key = tokenOfJob.get(job);
    TokenBudget token = key == null ? null : tokens.get(key);
    if (token == null) {
      return interval;
    }
    return token.effectiveInterval(job, interval);
  }

  /** Frees what a deleted resource held. */
  public void forget(String job) {
    String key = tokenOfJob.remove(job);
    if (key != null) {
      forget(key, job);
    }
  }

  /**
   * A token no job uses any more (rotated away) gives up its limiters, unless the server paused it:
   * that pause holds for the next job on the token too.
   */
  private void forget(String token, String job) {
    tokens.computeIfPresent(
        token,
        (key, budget) -> {
          budget.forget(job);
          return budget.retireIfIdle() ? null : budget;
        });
  }

  /**
   * How long to honour a pause the server asks for (Retry-After, x-ratelimit-reset): as asked, up
   * to the budget's window or an hour, whichever is longer (Northflank's own window is an hour, and
   * a budget configured with a shorter one does not make the server's shorter). A longer pause
   * cannot be a rate limit of this budget (a wrong header, or a hostile one), and waiting it out
   * would stop every read of the token for as long.
   */
  public Duration serverPause(Duration asked) {
    return asked.compareTo(longestPause) <= 0 ? asked : longestPause;
  }

  /** The capped pause; the first time a token's pause is capped, the log says so. */
  private Duration serverPause(TokenBudget token, Duration asked) {
    Duration pause = serverPause(asked);
    if (pause.compareTo(asked) < 0 && token.firstCappedPause()) {
      log.warn(
          "The Northflank API asked for a pause longer than {}: pausing for {} instead, at most"
              + " the budget's window or an hour (said once per token)",
          DurationParser.format(pause),
          DurationParser.format(pause));
    }
    return pause;
  }

  @Override
  public void onCall(ApiCall call) {
    TokenBudget token = tokens.get(call.token());
    if (token == null) {
      return;
    }
    if (call.status() == 429) {
      Duration pause = serverPause(token, call.retryAfter().orElse(DEFAULT_PAUSE));
      if (token.pauseFor(pause)) {
        log.warn("Rate limited by the Northflank API: pausing reads for {}s", pause.toSeconds());
      }
      return;
    }
    call.rateLimit()
        .filter(RequestBudget::windowSpent)
        .flatMap(RateLimitSnapshot::resetAfter)
        .map(reset -> serverPause(token, reset))
        .ifPresent(
            reset -> {
              if (token.pauseFor(reset)) {
                log.warn(
                    "The API's request window is spent: pausing reads for {}s", reset.toSeconds());
              }
            });
  }

  /** Someone else may share the account: once the server's window is spent, wait for it. */
  private static boolean windowSpent(RateLimitSnapshot limits) {
    return limits.remaining().isPresent() && limits.remaining().getAsLong() <= 0;
  }
}
