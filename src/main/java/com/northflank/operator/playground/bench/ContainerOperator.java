package com.northflank.operator.playground.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator image run by Docker as the Deployment runs it: read-only root filesystem, a tmpfs
 * /tmp, the image's non-root user 65532, no capabilities, no privilege escalation, a memory limit
 * with no swap beyond it. Host networking, so that it reaches the bench's servers on 127.0.0.1 and
 * nothing else is needed; the servers listen on loopback only.
 */
final class ContainerOperator implements OperatorProcess {

  static final Duration DOCKER_TIMEOUT = Duration.ofMinutes(1);

  /** Containers started and not yet removed: a bench stopped by Ctrl-C removes them as it exits. */
  private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> List.copyOf(RUNNING).forEach(ContainerOperator::remove), "containers"));
  }

  private final String name;
  private final long pid;
  private final Instant started;

  private ContainerOperator(String name, long pid, Instant started) {
    this.name = name;
    this.pid = pid;
    this.started = started;
  }

  /**
   * Starts {@code image run} in the background.
   *
   * @param memoryLimit bytes, as {@code --memory}; swap is not allowed beyond it
   */
  static ContainerOperator start(String image, Map<String, String> environment, long memoryLimit) {
    String name = "northflank-job-operator-bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> command =
        new ArrayList<>(
            List.of(
                "docker",
                "run",
                "--detach",
                "--name",
                name,
                "--read-only",
                "--tmpfs",
                "/tmp:rw,size=64m",
                "--user",
                "65532:65532",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--memory",
                Long.toString(memoryLimit),
                "--memory-swap",
                Long.toString(memoryLimit),
                "--network",
                "host"));
    environment.forEach(
        (variable, value) -> command.addAll(List.of("--env", variable + "=" + value)));
    command.addAll(List.of(image, "run"));
    RUNNING.add(name);
    try {
      HostCommand.output(DOCKER_TIMEOUT, command);
      String[] state =
          HostCommand.output(
                  DOCKER_TIMEOUT,
                  List.of(
                      "docker", "inspect", "--format", "{{.State.Pid}} {{.State.StartedAt}}", name))
              .strip()
              .split(" ");
      return new ContainerOperator(name, Long.parseLong(state[0]), Instant.parse(state[1]));
    } catch (RuntimeException e) {
      remove(name);
      throw e;
    }
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public Instant started() {
    return started;
  }

  @Override
  public Optional<Exit> exit() {
    String[] state =
        HostCommand.output(
                DOCKER_TIMEOUT,
                List.of(
                    "docker",
                    "inspect",
                    "--format",
                    "{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}",
                    name))
            .strip()
            .split(" ");
    if (Boolean.parseBoolean(state[0])) {
      return Optional.empty();
    }
    return Optional.of(new Exit(Integer.parseInt(state[1]), Boolean.parseBoolean(state[2])));
  }

  @Override
  public String logs() {
    return HostCommand.run(DOCKER_TIMEOUT, List.of("docker", "logs", "--tail", "200", name))
        .output();
  }

  @Override
  public void close() {
    remove(name);
  }

  private static void remove(String name) {
    HostCommand.run(DOCKER_TIMEOUT, List.of("docker", "rm", "--force", name));
    RUNNING.remove(name);
  }
}
