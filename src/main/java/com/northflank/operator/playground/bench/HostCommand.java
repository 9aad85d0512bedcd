package com.northflank.operator.playground.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command of this machine (docker, skopeo, jcmd) run to its end, bounded by a timeout. */
final class HostCommand {

  /** What it printed, standard output and error together. */
  record Result(int code, String output) {
    boolean succeeded() {
      return code == 0;
    }

    /** The output, or a failure naming the command when it did not succeed. */
    String orThrow(List<String> command) {
      if (!succeeded()) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + code + ": " + output.strip());
      }
      return output;
    }
  }

  private HostCommand() {}

  static Result run(Duration timeout, List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
    return new Result(process.exitValue(), output.join());
  }

  /** Its output; a failure when it exits with anything but 0. */
  static String output(Duration timeout, List<String> command) {
    return run(timeout, command).orThrow(command);
  }
}
