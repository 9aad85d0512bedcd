package com.northflank.operator.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command run to its end: its exit code and everything it wrote, stdout and stderr merged. */
record CommandRun(int code, String output) {

  /** Starts the command, reads its output as it comes, and kills it when it overruns. */
  static CommandRun of(ProcessBuilder builder, Duration timeout)
      throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return e.toString();
              }
            });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out after " + timeout + ": " + builder.command());
    }
    return new CommandRun(process.exitValue(), output.join());
  }
}
