package com.northflank.operator.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's entry point: {@code run}, {@code validate}, {@code export} and {@code diff}, the
 * commands the image ships. The playground's jar adds its own commands through {@link
 * #commandLine(Map, List)}.
 */
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
    return commandLine(environment).execute(args);
  }

  /** The operator's commands, with the value types and usage-error handling they share. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return commandLine(environment, List.of());
  }

  /**
   * The operator's commands followed by {@code more}, all sharing the value types and usage-error
   * handling (picocli hands both only to the subcommands present when they are set).
   */
  public static CommandLine commandLine(Map<String, String> environment, List<Object> more) {
    CommandLine commandLine =
        new CommandLine(new Main())
            .addSubcommand(new RunCommand(environment))
            .addSubcommand(new ValidateCommand())
            .addSubcommand(new ExportCommand(environment))
            .addSubcommand(new DiffCommand(environment));
    more.forEach(commandLine::addSubcommand);
    HelpStyle.apply(commandLine, new Version());
    return OptionTypes.register(commandLine).setParameterExceptionHandler(Main::shortUsageError);
  }

  /**
   * A usage error says what was wrong and where help is, and exits 2; the whole help text after it
   * would push the one line that matters off the screen.
   */
  private static int shortUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(UsageErrors.message(e, args));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println(tryHelp(command.getCommandSpec()));
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The hint printed after every usage or configuration error. */
  public static String tryHelp(CommandLine.Model.CommandSpec command) {
    return "Try '" + command.qualifiedName() + " --help' for more information.";
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
