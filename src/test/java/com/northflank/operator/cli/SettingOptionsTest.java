package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.config.Setting;
import com.northflank.operator.testing.ConsoleCapture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The commands' setting options are made from the declarations in OperatorSettings. */
class SettingOptionsTest {

  private static final Set<String> STANDARD = Set.of("--help", "--version");

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  private static CommandSpec command(String name) {
    return Main.commandLine(Map.of()).getSubcommands().get(name).getCommandSpec();
  }

  private static Set<String> flags(List<Setting<?>> settings) {
    return settings.stream()
        .map(Setting::flag)
        .flatMap(Optional::stream)
        .collect(Collectors.toSet());
  }

  @Test
  void runHasAnOptionForEverySettingWithAFlagAndNoOtherOption() {
    Set<String> options =
        command("run").options().stream()
            .map(OptionSpec::longestName)
            .filter(name -> !STANDARD.contains(name))
            .collect(Collectors.toSet());

    assertThat(options).isEqualTo(flags(OperatorSettings.ALL));
    assertThat(flags(OperatorSettings.ALL))
        .as("every setting but the token itself has a flag")
        .hasSize(OperatorSettings.ALL.size() - 1);
  }

  @Test
  void anOptionsHelpIsItsDescriptionThenItsVariableAndDefault() {
    OptionSpec syncInterval = command("run").findOption("--sync-interval");
    OptionSpec namespaces = command("run").findOption("--namespaces");

    assertThat(syncInterval.description())
        .containsExactly(
            "Default time between reads of a job (a resource's spec.syncInterval overrides it)."
                + " Env SYNC_INTERVAL. Default: 5m.");
    assertThat(syncInterval.paramLabel()).isEqualTo("DURATION");
    assertThat(syncInterval.defaultValue())
        .as("no picocli default: an absent flag leaves the variable in force")
        .isNull();
    assertThat(namespaces.description()[0])
        .endsWith("Env WATCH_NAMESPACES. Default: all namespaces.");
  }

  @Test
  void runHelpShowsEachSettingsVariableAndDefault() {
    int code = Main.execute(new String[] {"run", "--help"}, Map.of());

    assertThat(code).isZero();
    String help = console.out().replaceAll("\\s+", " ");
    for (Setting<?> setting : OperatorSettings.ALL) {
      if (setting.flag().isPresent()) {
        assertThat(help)
            .contains("Env " + setting.variable() + ". Default: " + setting.defaultText() + ".");
      }
    }
  }

  static Stream<String> gitopsCommands() {
    return Stream.of("export", "diff");
  }

  @ParameterizedTest
  @MethodSource("gitopsCommands")
  void exportAndDiffTakeTheApiOptionsFromTheSameDeclarationsAsRun(String name) {
    CommandSpec gitops = command(name);
    CommandSpec run = command("run");

    for (String flag : flags(OperatorSettings.API)) {
      assertThat(gitops.findOption(flag)).as("%s %s", name, flag).isNotNull();
      assertThat(gitops.findOption(flag).description())
          .as("%s %s", name, flag)
          .containsExactly(run.findOption(flag).description());
      assertThat(gitops.findOption(flag).paramLabel())
          .isEqualTo(run.findOption(flag).paramLabel());
    }
    assertThat(gitops.findOption("--sync-interval")).as("a run-only setting").isNull();
  }

  static Stream<Setting<?>> switches() {
    return OperatorSettings.ALL.stream().filter(setting -> setting.type().isSwitch());
  }

  @ParameterizedTest
  @MethodSource("switches")
  void aSwitchFlagAloneMeansTrueAndTakesAValue(Setting<?> setting) {
    String flag = setting.flag().orElseThrow();
    RunCommand bare = new RunCommand(Map.of(setting.variable(), "false"));
    new CommandLine(bare).parseArgs(flag);
    RunCommand spaced = new RunCommand(Map.of(setting.variable(), "true"));
    new CommandLine(spaced).parseArgs(flag, "false");
    RunCommand absent = new RunCommand(Map.of(setting.variable(), "no"));
    new CommandLine(absent).parseArgs();

    assertThat(bare.settings()).containsEntry(setting.variable(), "true");
    assertThat(spaced.settings()).containsEntry(setting.variable(), "false");
    assertThat(absent.settings()).containsEntry(setting.variable(), "no");
  }

  @Test
  void anEnvironmentVariableOfNoSettingIsNotPassedOn() {
    RunCommand run = new RunCommand(Map.of("HOME", "/root", "SYNC_INTERVAL", "1m"));
    new CommandLine(run).parseArgs();

    assertThat(run.settings()).containsOnlyKeys("SYNC_INTERVAL");
  }
}
