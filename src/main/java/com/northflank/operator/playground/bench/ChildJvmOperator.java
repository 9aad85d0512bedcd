package com.northflank.operator.playground.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The product jar's {@code run} in a child JVM, where no container runtime is at hand. Nothing
 * enforces a memory limit here: {@code -XX:MaxRAM} makes the JVM size itself as it would under the
 * container's limit, and whether it stays within it is read from its peak RSS, not from an OOM
 * killer.
 */
final class ChildJvmOperator implements OperatorProcess {

  private final Process process;
  private final Instant started;
  private final Path log;

  private ChildJvmOperator(Process process, Instant started, Path log) {
    this.process = process;
    this.started = started;
    this.log = log;
  }

  /**
   * @param command java, its options, {@code -jar}, the jar and {@code run}
   */
  static ChildJvmOperator start(List<String> command, Map<String, String> environment) {
    try {
      Path log = Files.createTempFile("northflank-job-operator-bench-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      // the bench's own kubeconfig or cluster must not leak in: only what the caller gives
      builder
          .environment()
          .keySet()
          .removeIf(v -> v.startsWith("KUBE") || v.startsWith("NORTHFLANK"));
      builder.environment().putAll(environment);
      Instant started = Instant.now();
      return new ChildJvmOperator(builder.start(), started, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Instant started() {
    return started;
  }

  @Override
  public Optional<Exit> exit() {
    // no OOM killer without a container: a JVM out of heap exits (-XX:+ExitOnOutOfMemoryError)
    return process.isAlive() ? Optional.empty() : Optional.of(new Exit(process.exitValue(), false));
  }

  @Override
  public String logs() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** SIGTERM, as a kubelet stops a pod; returns the exit code. */
  int terminate(java.time.Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("still running " + timeout + " after SIGTERM:\n" + logs());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a temporary file
    }
  }
}
