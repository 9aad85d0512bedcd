package com.northflank.operator.testing;

import com.northflank.operator.playground.cli.PlaygroundMain;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A command of the jar run as its own process (the build's classes, not the test classes, whose
 * logback-test.xml would win), its output collected line by line, signalled the way a kubelet or a
 * terminal does.
 */
public final class ChildProcess implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ChildProcess(Process process) {
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process is gone
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * @param environment added to this process's environment; a null value removes the variable
   */
  public static ChildProcess start(Map<String, String> environment, String... args) throws IOException {
    String classpath =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        Stream.concat(
                Stream.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    classpath,
                    PlaygroundMain.class.getName()),
                Stream.of(args))
            .toList();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    environment.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    return new ChildProcess(builder.start());
  }

  /** The first line containing the text, once there is one. */
  public String awaitLine(String text) {
    String[] found = new String[1];
    await()
        .atMost(TIMEOUT)
        .alias("a line containing '" + text + "'")
        .until(
            () -> {
              if (!process.isAlive() && !reader.isAlive()) {
                throw new AssertionError(
                    "exited (" + process.exitValue() + ") before '" + text + "':\n" + output());
              }
              found[0] = lines.stream().filter(l -> l.contains(text)).findFirst().orElse(null);
              return found[0] != null;
            });
    return found[0];
  }

  /** SIGTERM, as a kubelet stops a container. */
  public void terminate() {
    // not Process.destroy(): it also closes the pipes, and what the process logs then is lost
    process.toHandle().destroy();
  }

  /** SIGINT, as Ctrl-C in a terminal. */
  public void interrupt() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -INT failed");
    }
  }

  /** Waits for the exit and for the last line; returns the exit code. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("still running after " + TIMEOUT + ":\n" + output());
    }
    reader.join(TIMEOUT.toMillis());
    return process.exitValue();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String output() {
    return String.join("\n", lines);
  }

  public static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
