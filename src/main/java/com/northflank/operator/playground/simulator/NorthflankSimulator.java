package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process stand-in for the Northflank REST API's job routes, for integration tests, the demo
 * and the bench. It speaks HTTP/JSON on a local port like the real API: list, get and patch jobs,
 * suspend a cron job and read its runs, on both {@code /v1/projects/{projectId}/...} and {@code
 * /v1/teams/{teamId}/projects/{projectId}/...}, with bearer tokens, a per-token request budget with
 * rate-limit headers, and switchable faults.
 *
 * <pre>{@code
 * try (NorthflankSimulator sim = NorthflankSimulator.start(
 *     SimulatorOptions.builder().token("test-token").seedJobs(true).build())) {
 *   URI api = sim.baseUrl(); // http://127.0.0.1:<port>
 *   sim.faults().all().forceStatus(429, 3);
 * }
 * }</pre>
 */
public final class NorthflankSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NorthflankSimulator.class);

  private final SimulatorOptions options;
  private final Clock clock;
  private final JobStore store = new JobStore();
  private final TokenRegistry tokens = new TokenRegistry();
  private final RequestCounters counters = new RequestCounters();
  private final WriteLog writes = new WriteLog();
  private final SimulatedRateLimit budget;
  private final Faults faults;
  private final RunHistory.Schedule runSchedule;
  private final ThreadPoolExecutor executor;
  private final HttpServer server;
  private final URI baseUrl;
  private volatile boolean closed;

  private NorthflankSimulator(SimulatorOptions options) throws IOException {
    this.options = options;
    this.clock = options.clock();
    this.budget = new SimulatedRateLimit(clock, options.budgetLimit(), options.budgetWindow());
    this.faults = new Faults(options.randomSeed());
    this.runSchedule = new RunHistory.Schedule(clock.instant(), options.runEvery());
    options.tokens().forEach(tokens::add);
    if (options.seedJobs()) {
      seedExampleJobs();
    }
    this.executor = newExecutor(options.threads());
    // Small responses written as headers then body otherwise meet Nagle's algorithm and the
    // peer's delayed ACK; read once by the JDK, so it must be set before the first server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    InetAddress address = InetAddress.getByName(options.bindAddress());
    this.server = HttpServer.create(new InetSocketAddress(address, options.port()), 1024);
    server.createContext(
        "/",
        new SimulatorHandler(
            tokens,
            budget,
            faults,
            counters,
            writes,
            new JobEndpoints(store, clock, runSchedule),
            options.randomSeed()));
    server.setExecutor(executor);
    server.start();
    String host = address.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    this.baseUrl = URI.create("http://" + host + ":" + server.getAddress().getPort());
  }

  /** Starts a simulator; it serves until {@link #close()}. */
  public static NorthflankSimulator start(SimulatorOptions options) {
    try {
      NorthflankSimulator simulator = new NorthflankSimulator(options);
      LOG.info("Northflank simulator listening on {} ({})", simulator.baseUrl, options);
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Northflank simulator", e);
    }
  }

  /** Starts with {@link SimulatorOptions#defaults()}. */
  public static NorthflankSimulator start() {
    return start(SimulatorOptions.defaults());
  }

  /** Where to point an API client, e.g. {@code http://127.0.0.1:41234}; paths start with /v1. */
  public URI baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public SimulatorOptions options() {
    return options;
  }

  /**
   * Loads the documentation page's example job ({@code default-project/example-job}) and the varied
   * jobs: {@code manual-job} (external image, no build), {@code nightly-report} (suspended cron),
   * {@code docker-build-job} (BuildKit), {@code kaniko-build-job} (Kaniko, manual), all in {@code
   * default-project}, and {@code team-job} in project {@code team-project} of team {@code
   * example-team}.
   */
  public NorthflankSimulator withSeedJobs() {
    seedExampleJobs();
    return this;
  }

  /** Adds {@code count} synthetic jobs {@code job-00001}, ... to a project outside any team. */
  public void seedSyntheticJobs(String projectId, int count) {
    seedSyntheticJobs(null, projectId, count);
  }

  /** Adds {@code count} synthetic jobs {@code job-00001}, ... to a project of a team. */
  public void seedSyntheticJobs(String teamId, String projectId, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    String owner = teamId != null ? teamId : "example-user";
    List<ObjectNode> jobs = SeedJobs.synthetic(owner, projectId, count);
    store.putAll(teamId, projectId, jobs, clock.instant());
  }

  /**
   * Stores a job in the Get Job shape, replacing any job with the same id (and its runs). {@code
   * projectId} and {@code appId} are filled in when absent. The team of a project is fixed by its
   * first job. A job stored this way has no runs until {@link #addRun} adds some (or the schedule
   * of {@link SimulatorOptions#runEvery()} starts them).
   *
   * @param teamId the project's team, or null for a project outside any team
   */
  public void putJob(String teamId, String projectId, ObjectNode job) {
    store.put(teamId, projectId, job, clock.instant(), false);
  }

  /**
   * Adds a run to a job, as if Northflank had just run it: it started now and, unless it is {@link
   * RunStatus#RUNNING}, concluded now too. It is the job's newest run.
   *
   * @return the run's {@code runName}
   * @throws IllegalArgumentException when there is no such job
   */
  public String addRun(String projectId, String jobId, RunStatus status) {
    return addRun(projectId, jobId, status, Duration.ZERO);
  }

  /**
   * Adds a run that started {@code took} ago and, unless it is {@link RunStatus#RUNNING}, concluded
   * now. It is the job's newest run: it starts no earlier than the newest one added before it.
   *
   * @return the run's {@code runName}
   * @throws IllegalArgumentException when there is no such job
   */
  public String addRun(String projectId, String jobId, RunStatus status, Duration took) {
    JobStore.StoredJob job = storedJob(projectId, jobId);
    return job.runs().add(job.snapshot().doc(), status, took, clock.instant());
  }

  /**
   * Concludes a run that {@link #addRun} added as RUNNING, now.
   *
   * @param outcome SUCCESS or FAILED
   * @return false when the job has no such run in progress
   */
  public boolean concludeRun(String projectId, String jobId, String runName, RunStatus outcome) {
    return storedJob(projectId, jobId).runs().conclude(runName, outcome, clock.instant());
  }

  /** Removes every run of a job, the seeded past included: the job has never run. */
  public void clearRuns(String projectId, String jobId) {
    storedJob(projectId, jobId).runs().clear();
  }

  private JobStore.StoredJob storedJob(String projectId, String jobId) {
    return store
        .job(projectId, jobId)
        .orElseThrow(
            () -> new IllegalArgumentException("no job " + jobId + " in project " + projectId));
  }

  /** A copy of the job as Get Job would return it, without any fault applied. */
  public Optional<ObjectNode> job(String projectId, String jobId) {
    return store.job(projectId, jobId).map(job -> job.snapshot().doc().deepCopy());
  }

  /**
   * Changes a job atomically, e.g. to make it drift behind the operator's back; the consumer gets a
   * private copy. Returns false when there is no such job.
   */
  public boolean updateJob(String projectId, String jobId, Consumer<ObjectNode> change) {
    return store.update(projectId, jobId, clock.instant(), change);
  }

  /** Returns false when there was no such job. */
  public boolean deleteJob(String projectId, String jobId) {
    return store.delete(projectId, jobId);
  }

  /** Accepts a token from now on, limited to the given projects (empty: every project). */
  public void addToken(String token, Set<String> projects) {
    tokens.add(token, projects);
  }

  /** Refuses a token from the next request on (401). */
  public void revokeToken(String token) {
    tokens.revoke(token);
  }

  /** Changes the budget of every token; open windows are closed so it applies at once. */
  public void setBudget(int limit, Duration window) {
    budget.configure(limit, window);
  }

  /** Gives every token a fresh budget window. */
  public void resetBudgets() {
    budget.reset();
  }

  public Faults faults() {
    return faults;
  }

  public RequestCounters counters() {
    return counters;
  }

  /** Every PATCH, POST, ... received, with its body and answer status. */
  public WriteLog writes() {
    return writes;
  }

  /**
   * Stops listening at once; requests held by a latency or timeout fault, or by a {@link
   * HeldAnswer}, are abandoned.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("Northflank simulator on {} stopped", baseUrl);
  }

  private void seedExampleJobs() {
    for (SeedJobs.Seed seed : SeedJobs.all()) {
      store.put(seed.teamId(), seed.projectId(), seed.job(), clock.instant(), true);
    }
  }

  private static ThreadPoolExecutor newExecutor(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "nf-simulator-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return new ThreadPoolExecutor(
        threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
  }
}
