package com.northflank.operator.cli;

import com.northflank.operator.playground.cli.PlaygroundMain;
import com.northflank.operator.playground.demo.DemoCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.testing.ConsoleCapture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One vocabulary across the commands: help that reads well at 80 columns, every option described,
 * one budget syntax, one demo token, and errors that name the flag the user typed.
 */
class CliVocabularyTest {

  private static final int WIDTH = 80;

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  static Stream<Arguments> commands() {
    CommandLine root = PlaygroundMain.commandLine(Map.of());
    List<Arguments> all = new ArrayList<>();
    all.add(Arguments.of("(root)", root));
    root.getSubcommands().forEach((name, command) -> all.add(Arguments.of(name, command)));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void helpFitsEightyColumns(String name, CommandLine command) {
    String help = usage(command);

    assertThat(help.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(WIDTH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void everyOptionIsDescribed(String name, CommandLine command) {
    assertThat(command.getCommandSpec().options())
        .allSatisfy(
            option ->
                assertThat(String.join(" ", option.description()))
                    .as("description of %s", option.longestName())
                    .isNotBlank());
  }

  /**
   * Wrapping at spaces is fine; a break inside "spec.syncInterval" or "max(15s" is not. Every word
   * of every description must come out of the renderer whole.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void helpNeverBreaksInsideAWord(String name, CommandLine command) {
    Set<String> rendered = new HashSet<>(Arrays.asList(usage(command).split("\\s+")));
    List<String> texts =
        new ArrayList<>(Arrays.asList(command.getCommandSpec().usageMessage().description()));
    for (OptionSpec option : command.getCommandSpec().options()) {
      texts.addAll(Arrays.asList(option.description()));
    }
    for (String text : texts) {
      for (String word : text.split("\\s+")) {
        if (!word.isEmpty() && !word.contains("${")) {
          assertThat(rendered).as("the help of %s breaks '%s'", name, word).contains(word);
        }
      }
    }
  }

  /** The command list shows each command's first description line: it must be a whole sentence. */
  @Test
  void commandListShowsEachSummaryWhole() {
    CommandLine root = PlaygroundMain.commandLine(Map.of());
    List<String> lines = usage(root).lines().toList();

    root.getSubcommands()
        .forEach(
            (name, command) -> {
              String summary = command.getCommandSpec().usageMessage().description()[0];
              assertThat(summary).as("summary of %s", name).endsWith(".");
              assertThat(lines)
                  .as("command list entry of %s", name)
                  .anySatisfy(
                      line -> assertThat(line.strip()).matches(name + "\\s+\\Q" + summary + "\\E"));
            });
  }

  @Test
  void everyBudgetOptionTakesTheSameSyntax() {
    List<String> budgetOptions = new ArrayList<>();
    PlaygroundMain.commandLine(Map.of())
        .getSubcommands()
        .forEach(
            (name, command) -> {
              for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.longestName().contains("budget")
                    && !option.longestName().endsWith("-jobs")
                    && !option.longestName().endsWith("-duration")) {
                  budgetOptions.add(name + " " + option.longestName());
                  assertThat(option.paramLabel()).isEqualTo("N/DURATION");
                  String example =
                      option.defaultValue() != null ? option.defaultValue() : "1000/1h";
                  assertThat(ApiBudget.parse(example)).isNotNull();
                }
              }
            });
    assertThat(budgetOptions).contains("run --api-budget", "simulator --budget", "bench --budget");
  }

  @Test
  void simulatorAcceptsTheDemoTokenByDefault() {
    OptionSpec token =
        PlaygroundMain.commandLine(Map.of())
            .getSubcommands()
            .get("simulator")
            .getCommandSpec()
            .findOption("--token");

    assertThat(token.defaultValue()).isEqualTo(DemoCommand.TOKEN);
  }

  static Stream<Arguments> badFlags() {
    return Stream.of(
        Arguments.of(
            new String[] {"run", "--sync-interval=abc"},
            "--sync-interval",
            "'abc' is not a duration"),
        Arguments.of(
            new String[] {"run", "--api-budget", "1000 per 1h"},
            "--api-budget",
            "is not a budget such as 1000/1h"),
        Arguments.of(
            new String[] {"run", "--metrics-port=x"}, "--metrics-port", "not a whole number"),
        Arguments.of(
            new String[] {"demo", "--sync-interval=abc"},
            "--sync-interval",
            "'abc' is not a duration"),
        Arguments.of(
            new String[] {"bench", "--api-latency=soon"},
            "--api-latency",
            "'soon' is not a duration"),
        Arguments.of(
            new String[] {"bench", "--budget=lots"}, "--budget", "is not a budget such as 1000/1h"),
        Arguments.of(new String[] {"bench", "--rounds=0"}, "--rounds", "must be at least 1"),
        Arguments.of(
            new String[] {"simulator", "--budget=1000 per 1h"},
            "--budget",
            "is not a budget such as 1000/1h"));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  void aBadValueIsReportedUnderTheFlagTheUserTyped(String[] args, String flag, String problem) {
    int code = PlaygroundMain.execute(args, Map.of());

    assertThat(code).isEqualTo(2);
    String message = console.err();
    assertThat(message)
        .startsWith("Invalid value for option '" + flag + "': ")
        .contains(problem)
        .contains("Try 'northflank-job-operator " + args[0] + " --help'");
    // one line and a hint, not the whole help text
    assertThat(message.lines()).hasSize(2);
  }

  @Test
  void aBadEnvironmentVariableIsReportedUnderItsName() {
    int code = PlaygroundMain.execute(new String[] {"run"}, Map.of("SYNC_INTERVAL", "abc"));

    assertThat(code).isEqualTo(2);
    assertThat(console.err())
        .startsWith(
            "Invalid value for environment variable SYNC_INTERVAL: 'abc' is not a duration");
  }

  private static String usage(CommandLine command) {
    command.setUsageHelpWidth(WIDTH);
    return command.getUsageMessage(Ansi.OFF);
  }
}
