package com.northflank.operator.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * What a usage error says, without the values that were typed: a mistyped {@code --token=...} or
 * {@code --token ...} is a secret someone meant to pass, and picocli's own messages quote every
 * argument they did not expect ("Unknown option: '--token=...'"). An unknown option is named
 * without what follows its '=', and an argument that follows an unknown option is not quoted at
 * all, for it is most likely that option's value.
 */
final class UsageErrors {

  static final String HIDDEN = "…";

  private UsageErrors() {}

  /**
   * @param args the command line as typed
   */
  static String message(CommandLine.ParameterException e, String[] args) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      return unmatched(unmatched.getUnmatched());
    }
    return withoutUnknownOptionValues(String.valueOf(e.getMessage()), e.getCommandLine(), args);
  }

  /**
   * picocli's other messages may quote a mistyped option too, e.g. "Expected parameter for option
   * '--api-url' but found '--token=...'": an argument of the form {@code -x=value} whose option the
   * command does not know is quoted without its value.
   */
  private static String withoutUnknownOptionValues(
      String message, CommandLine command, String[] args) {
    String result = message;
    for (String argument : args == null ? new String[0] : args) {
      int equals = argument.indexOf('=');
      if (argument.startsWith("-") && equals > 0 && !isOption(command, argument.substring(0, equals))) {
        result =
            result.replace(
                "'" + argument + "'", "'" + argument.substring(0, equals + 1) + HIDDEN + "'");
      }
    }
    return result;
  }

  private static boolean isOption(CommandLine command, String name) {
    for (CommandLine c = command; c != null; c = c.getParent()) {
      if (c.getCommandSpec().findOption(name) != null) {
        return true;
      }
    }
    return false;
  }

  private static String unmatched(List<String> arguments) {
    List<String> shown = new ArrayList<>();
    boolean afterOption = false;
    int options = 0;
    for (String argument : arguments) {
      if (argument.startsWith("-") && argument.length() > 1) {
        options++;
        int equals = argument.indexOf('=');
        shown.add("'" + (equals < 0 ? argument : argument.substring(0, equals + 1) + HIDDEN) + "'");
        afterOption = equals < 0;
      } else if (afterOption) {
        shown.add("(its value, not shown)");
        afterOption = false;
      } else {
        shown.add("'" + argument + "'");
      }
    }
    String what =
        options > 0
            ? (options == 1 ? "Unknown option: " : "Unknown options: ")
            : (arguments.size() == 1 ? "Unmatched argument: " : "Unmatched arguments: ");
    return what + String.join(", ", shown);
  }
}
