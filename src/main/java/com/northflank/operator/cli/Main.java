package com.northflank.operator.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The executable jar's entry point: {@code run}, {@code demo} and {@code bench}. */
@Command(
    name = "northflank-job-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Mirrors Northflank jobs onto NorthflankJob resources and flags drift.")
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv()));
  }

  /** Runs a command with the given environment; returns the process exit code. */
  public static int execute(String[] args, Map<String, String> environment) {
    CommandLine commandLine =
        new CommandLine(new Main())
            .addSubcommand(new RunCommand(environment))
            .addSubcommand(new DemoCommand())
            .addSubcommand(new SimulatorCommand())
            .addSubcommand(new BenchCommand());
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The project version and the commit the jar was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo build = BuildInfo.load();
      return new String[] {
        "northflank-job-operator " + build.version(), "commit " + build.commit()
      };
    }
  }
}
