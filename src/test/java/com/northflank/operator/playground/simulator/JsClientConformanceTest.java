package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator as the official Northflank js-client ({@code @northflank/js-client}, pinned in
 * {@code src/test/js/package-lock.json}) sees it: {@code src/test/js/conformance.mjs} calls get,
 * list, patch, suspend, create and delete job and the job runs through the client, plain and with
 * a team, and checks every answer against the client's own TypeScript result types (required fields,
 * recursively, and primitive types) and every error against its error shape (401, 403, 404).
 *
 * <p>Needs {@code node} and {@code npm} on the PATH: without them the test is skipped, except under
 * {@code CI=true}, where it fails. {@code npm ci} runs first when {@code node_modules} is missing
 * or older than {@code package-lock.json}.
 */
class JsClientConformanceTest {

  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
  private static final String OTHER_PROJECT = "team-project";

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void simulatorConformsToTheOfficialJsClientTypes() throws Exception {
    Optional<Path> node = onPath("node");
    Optional<Path> npm = onPath("npm");
    if (node.isEmpty() || npm.isEmpty()) {
      String missing = node.isEmpty() ? "node" : "npm";
      String message =
          missing
              + " is not on the PATH: the js-client conformance check (src/test/js) needs Node.js"
              + " 18+ and npm";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true, so this is a failure rather than a skip)");
      }
      Assumptions.abort(message + "; skipped because CI is not true");
    }

    Path jsDir = projectDir().resolve("src/test/js");
    assertThat(jsDir.resolve("conformance.mjs")).exists();
    installIfStale(npm.get(), jsDir);

    String token = "conformance-" + UUID.randomUUID();
    String otherProjectToken = "conformance-other-" + UUID.randomUUID();
    String unknownToken = "conformance-unknown-" + UUID.randomUUID();
    try (NorthflankSimulator simulator =
        NorthflankSimulator.start(
            SimulatorOptions.builder()
                .seedJobs(true)
                .token(token)
                .token(otherProjectToken, OTHER_PROJECT)
                .build())) {
      String failedRun =
          simulator.addRun(
              "default-project", "example-job", RunStatus.FAILED, Duration.ofSeconds(95));
      String runningRun = simulator.addRun("default-project", "example-job", RunStatus.RUNNING);
      Result result =
          run(
              List.of(node.get().toString(), "conformance.mjs"),
              jsDir,
              Map.of(
                  "NF_SIM_BASE_URL", simulator.baseUrl().toString(),
                  "NF_SIM_TOKEN", token,
                  "NF_SIM_OTHER_PROJECT_TOKEN", otherProjectToken,
                  "NF_SIM_OTHER_PROJECT", OTHER_PROJECT,
                  "NF_SIM_UNKNOWN_TOKEN", unknownToken,
                  "NF_SIM_FAILED_RUN", failedRun,
                  "NF_SIM_RUNNING_RUN", runningRun),
              SCRIPT_TIMEOUT);
      assertThat(result.exitCode())
          .as("node conformance.mjs exited %d; its output:%n%s", result.exitCode(), result.output())
          .isZero();
      // Passed: still show the report, for its warnings (unknown enum values, known divergences).
      System.out.print(result.output());
    }
  }

  /** {@code npm ci} when node_modules is missing or older than package-lock.json. */
  private static void installIfStale(Path npm, Path jsDir) throws Exception {
    Path lock = jsDir.resolve("package-lock.json");
    assertThat(lock).exists();
    // npm writes node_modules/.package-lock.json at the end of every install.
    Path installed = jsDir.resolve("node_modules/.package-lock.json");
    if (Files.exists(installed)
        && !modified(installed).toInstant().isBefore(modified(lock).toInstant())) {
      return;
    }
    Result install =
        run(
            List.of(
                npm.toString(),
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error"),
            jsDir,
            Map.of(),
            NPM_CI_TIMEOUT);
    assertThat(install.exitCode())
        .as("npm ci in %s exited %d; its output:%n%s", jsDir, install.exitCode(), install.output())
        .isZero();
  }

  private static FileTime modified(Path path) throws IOException {
    return Files.getLastModifiedTime(path);
  }

  record Result(int exitCode, String output) {}

  /** Runs a command with stderr merged into stdout; a timeout kills it and fails the test. */
  private static Result run(
      List<String> command, Path dir, Map<String, String> env, Duration timeout) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("NO_COLOR", "1");
    Process process = builder.start();
    process.getOutputStream().close();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(process.getInputStream(), output), "conformance-output");
    reader.setDaemon(true);
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(5));
      fail(
          "%s did not finish within %s; its output so far:%n%s",
          String.join(" ", command), timeout, text(output));
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return new Result(process.exitValue(), text(output));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The process was killed; what was read so far is kept.
    }
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Surefire runs in the project directory and also names it in {@code basedir}. */
  private static Path projectDir() {
    String basedir = System.getProperty("basedir");
    Path dir = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("src/test/js"))) {
      throw new UncheckedIOException(
          new IOException("no src/test/js under " + dir.toAbsolutePath()));
    }
    return dir;
  }
}
