package com.northflank.operator.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One shape for the help of every command, the playground's included: the usage line abbreviated
 * ({@code Usage: northflank-job-operator diff [OPTIONS]}), option descriptions starting in the same
 * column, the exit statuses under one heading, {@code -V} printing the version, and a {@code help}
 * command. Applied once to the whole command line, so a command added later cannot differ.
 */
final class HelpStyle {

  /** The heading of every command's list of exit statuses. */
  static final String EXIT_STATUS_HEADING = "Exit status:%n";

  /**
   * Width of the option-name column, so that descriptions start in column 28 and have 52 of 80
   * columns; a longer option, such as {@code --api-budget=N/DURATION}, puts its description on the
   * next line, in the same column.
   */
  static final int OPTION_NAME_COLUMN = 23;

  private HelpStyle() {}

  /**
   * Adds {@code help} and gives every command, {@code help} included, the same help layout and
   * version.
   *
   * @param version what {@code -V} prints, on every command
   */
  static CommandLine apply(CommandLine root, CommandLine.IVersionProvider version) {
    CommandLine help = new CommandLine(new CommandLine.HelpCommand());
    CommandSpec helpSpec = help.getCommandSpec();
    helpSpec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
    Map<String, String> helpExits = new LinkedHashMap<>();
    helpExits.put("0", "the help was printed");
    helpExits.put("2", "no such command");
    // picocli's own help command reads differently (a header, blank lines): in the others' shape
    helpSpec
        .usageMessage()
        .header(new String[0])
        .synopsisHeading("Usage: ")
        .descriptionHeading("")
        .description(
            "Show the help of a command.",
            "Without COMMAND, the help of "
                + root.getCommandName()
                + " with the list of its commands.")
        .exitCodeList(helpExits);
    root.addSubcommand("help", help);
    style(root, version);
    root.getSubcommands().values().forEach(command -> style(command, version));
    return root.setHelpFactory(HelpStyle::alignedHelp);
  }

  private static void style(CommandLine command, CommandLine.IVersionProvider version) {
    CommandSpec spec = command.getCommandSpec();
    spec.versionProvider(version);
    spec.usageMessage().abbreviateSynopsis(true);
    if (!spec.usageMessage().exitCodeList().isEmpty()) {
      spec.usageMessage().exitCodeListHeading(EXIT_STATUS_HEADING);
    }
  }

  /** Picocli's help with the option-name column of the same width in every command. */
  private static Help alignedHelp(CommandSpec command, Help.ColorScheme colors) {
    return new Help(command, colors) {
      @Override
      public int calcLongOptionColumnWidth(
          List<OptionSpec> options, List<PositionalParamSpec> positionals, Help.ColorScheme c) {
        return OPTION_NAME_COLUMN;
      }
    };
  }
}
