package com.northflank.operator.playground.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.testing.ConsoleCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code simulator} and {@code bench} call the request budget {@code --api-budget}, as {@code run},
 * {@code export} and {@code diff} do; {@code --budget}, its name before, still works and says it is
 * deprecated.
 */
class DeprecatedBudgetNameTest {

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void theSimulatorTakesEitherName() {
    assertThat(simulator("--api-budget", "10/1m").budget()).isEqualTo(ApiBudget.parse("10/1m"));
    assertThat(console.err()).isEmpty();

    assertThat(simulator("--budget", "20/1m").budget()).isEqualTo(ApiBudget.parse("20/1m"));
    assertThat(console.err())
        .isEqualTo(
            "--budget is deprecated: it is --api-budget now, as in run, export and diff."
                + System.lineSeparator());
  }

  @Test
  void theBenchTakesEitherName() {
    assertThat(bench().budget()).isEqualTo(ApiBudget.parse("600/1m"));
    assertThat(bench("--budget", "20/1m").budget()).isEqualTo(ApiBudget.parse("20/1m"));
    assertThat(console.err()).contains("--budget is deprecated");
  }

  private static SimulatorCommand simulator(String... args) {
    return parsed("simulator", args);
  }

  private static BenchCommand bench(String... args) {
    return parsed("bench", args);
  }

  private static <T> T parsed(String name, String... args) {
    CommandLine root = PlaygroundMain.commandLine(Map.of());
    String[] line = new String[args.length + 1];
    line[0] = name;
    System.arraycopy(args, 0, line, 1, args.length);
    root.parseArgs(line);
    return root.getSubcommands().get(name).getCommand();
  }
}
