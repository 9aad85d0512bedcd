package com.northflank.operator.playground.cli;

import com.northflank.operator.cli.Main;
import com.northflank.operator.playground.demo.DemoCommand;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The entry point of target/northflank-job-operator.jar: the operator's own commands ({@link Main})
 * and the playground's beside them ({@code demo}, {@code simulator}, {@code bench}). The image runs
 * the operator's jar, which has none of these classes.
 */
public final class PlaygroundMain {

  private PlaygroundMain() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv()));
  }

  /** Runs a command with the given environment; returns the process exit code. */
  public static int execute(String[] args, Map<String, String> environment) {
    return commandLine(environment).execute(args);
  }

  /** Every command, the operator's first. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return Main.commandLine(
        environment, List.of(new DemoCommand(), new SimulatorCommand(), new BenchCommand()));
  }
}
