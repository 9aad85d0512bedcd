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

  static Stream<Arguments> subcommands() {
    return commands().filter(arguments -> !"(root)".equals(arguments.get()[0]));
  }

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

  /** The request budget is --api-budget wherever it is set; --budget is only a hidden old name. */
  @Test
  void theRequestBudgetIsApiBudgetInEveryCommand() {
    CommandLine root = PlaygroundMain.commandLine(Map.of());

    for (String name : List.of("run", "export", "diff", "simulator", "bench")) {
      OptionSpec budget =
          root.getSubcommands().get(name).getCommandSpec().findOption("--api-budget");
      assertThat(budget).as(name + " --api-budget").isNotNull();
      assertThat(budget.hidden()).isFalse();
    }
    root.getSubcommands()
        .forEach(
            (name, command) ->
                assertThat(command.getCommandSpec().options())
                    .as("visible options of " + name)
                    .filteredOn(option -> !option.hidden())
                    .noneSatisfy(option -> assertThat(option.names()).contains("--budget")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subcommands")
  void everyCommandPrintsTheVersion(String name, CommandLine command) {
    int code = PlaygroundMain.execute(new String[] {name, "-V"}, Map.of());

    assertThat(code).isZero();
    assertThat(console.out()).startsWith("northflank-job-operator ").contains("\ncommit ");
  }

  @Test
  void helpIsACommand() {
    int code = PlaygroundMain.execute(new String[] {"help", "diff"}, Map.of());

    assertThat(code).isZero();
    assertThat(console.out()).startsWith("Usage: northflank-job-operator diff [OPTIONS]\n");
    assertThat(PlaygroundMain.execute(new String[] {"help", "no-such"}, Map.of())).isEqualTo(2);
  }

  /** Every usage line in one form: the command, then [OPTIONS], then what else it takes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void usageLinesHaveOneForm(String name, CommandLine command) {
    String qualified = command.getCommandSpec().qualifiedName();

    assertThat(usage(command).lines().findFirst().orElseThrow())
        .matches("Usage: \\Q" + qualified + "\\E \\[OPTIONS\\]( \\[COMMAND\\])?");
  }

  /**
   * The exit statuses under the same heading, in the same two columns, with 2 for the errors a user
   * makes; never as prose in the description.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("subcommands")
  void exitStatusesHaveOneWording(String name, CommandLine command) {
    Map<String, String> statuses = command.getCommandSpec().usageMessage().exitCodeList();

    assertThat(command.getCommandSpec().usageMessage().exitCodeListHeading())
        .isEqualTo("Exit status:%n");
    assertThat(statuses.keySet()).extracting(String::strip).contains("2");
    assertThat(String.join(" ", command.getCommandSpec().usageMessage().description()))
        .doesNotContainIgnoringCase("exit");
    List<String> lines = usage(command).lines().toList();
    int heading = lines.indexOf("Exit status:");
    assertThat(heading).as("the heading in the help of " + name).isPositive();
    // a status per line, its meaning in the second column (continued further in, when wrapped)
    assertThat(lines.subList(heading + 1, lines.size()))
        .filteredOn(line -> line.matches(" +[0-9]+   \\S.*"))
        .hasSize(statuses.size());
  }

  /** Option descriptions start in the same column in every command. */
  @Test
  void optionDescriptionsStartInOneColumn() {
    Set<Integer> columns = new HashSet<>();
    commands()
        .map(arguments -> (CommandLine) arguments.get()[1])
        .forEach(
            command ->
                usage(command)
                    .lines()
                    .filter(line -> line.matches(" +(-\\S+|\\[\\S+\\]).*?  +\\S.*"))
                    .forEach(
                        line -> {
                          java.util.regex.Matcher m =
                              java.util.regex.Pattern.compile(
                                      "^ +(-[^\\s,]+(, -\\S+)?|\\[\\S+\\]) +")
                                  .matcher(line);
                          if (m.find()) {
                            columns.add(m.end());
                          }
                        }));

    assertThat(columns).as("columns where option descriptions start").hasSize(1);
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
