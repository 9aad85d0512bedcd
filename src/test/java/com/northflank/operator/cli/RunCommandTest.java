package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.testing.ConsoleCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunCommandTest {

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() {
    int code = Main.execute(new String[] {"run", "--help"}, Map.of());

    assertThat(code).isZero();
    assertThat(console.out())
        .contains(
            "--api-url", "NORTHFLANK_API_URL",
            "--token-file", "NORTHFLANK_API_TOKEN",
            "--namespaces", "WATCH_NAMESPACES",
            "--sync-interval", "SYNC_INTERVAL",
            "--status-heartbeat", "STATUS_HEARTBEAT",
            "--max-concurrent-reconciles", "MAX_CONCURRENT_RECONCILES",
            "--read-only", "READ_ONLY",
            "--observe-runs", "OBSERVE_RUNS");
  }

  @Test
  void anUnknownFlagIsAUsageError() {
    int code = Main.execute(new String[] {"run", "--no-such-flag"}, Map.of());

    assertThat(code).isEqualTo(2);
    assertThat(console.err()).contains("--no-such-flag");
  }

  @Test
  void aMistypedTokenOptionIsAUsageErrorThatNeverEchoesItsValue() {
    String canary = "nf-canary-cli-4b1d";
    for (String[] args :
        java.util.List.of(
            new String[] {"run", "--token=" + canary},
            new String[] {"run", "--api-token=" + canary, "--read-only"},
            new String[] {"run", "--token", canary},
            new String[] {"export", "--project", "p", "--token=" + canary},
            new String[] {"run", "-t=" + canary},
            new String[] {"run", "--api-url", "--token=" + canary})) {
      console.reset();
      int code = Main.execute(args, Map.of());

      assertThat(code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(console.err()).as(String.join(" ", args)).doesNotContain(canary);
      assertThat(console.out()).as(String.join(" ", args)).doesNotContain(canary);
    }
    assertThat(console.err()).contains("-t");
  }

  @Test
  void anUnknownOptionIsNamedWithoutTheValueAfterItsEqualsSign() {
    int code = Main.execute(new String[] {"run", "--tokn=abc123"}, Map.of());

    assertThat(code).isEqualTo(2);
    assertThat(console.err()).contains("--tokn").doesNotContain("abc123");
  }

  @Test
  void aBadValueIsExplainedAndExitsWithTwo() {
    int code = Main.execute(new String[] {"run", "--sync-interval", "soon"}, Map.of());

    assertThat(code).isEqualTo(2);
    assertThat(console.err())
        .contains("Invalid value for option '--sync-interval': 'soon' is not a duration");
  }

  @Test
  void aBadEnvironmentVariableIsExplainedToo() {
    int code =
        Main.execute(new String[] {"run"}, Map.of("NORTHFLANK_API_URL", "http://evil.example"));

    assertThat(code).isEqualTo(2);
    assertThat(console.err()).contains("NORTHFLANK_API_URL");
  }

  @Test
  void flagsWinOverTheirEnvironmentVariables() {
    RunCommand run = new RunCommand(Map.of("SYNC_INTERVAL", "10m", "WATCH_NAMESPACES", "a"));
    new picocli.CommandLine(run).parseArgs("--sync-interval", "30s");

    assertThat(run.settings())
        .containsEntry("SYNC_INTERVAL", "30s")
        .containsEntry("WATCH_NAMESPACES", "a");
  }

  @Test
  void aTokenGrantedToNoNamespaceIsSaidOnceAtStart() {
    String token = OperatorSettings.API_TOKEN.variable();
    String namespaces = OperatorSettings.DEFAULT_TOKEN_NAMESPACES.variable();

    assertThat(
            RunCommand.unusedTokenWarning(
                OperatorConfig.from(Map.of(token, "nf-token-1234567890"))))
        .hasValueSatisfying(warning -> assertThat(warning).contains("--default-token-namespaces"));
    assertThat(
            RunCommand.unusedTokenWarning(
                OperatorConfig.from(Map.of(token, "nf-token-1234567890", namespaces, "team-a"))))
        .isEmpty();
    assertThat(RunCommand.unusedTokenWarning(OperatorConfig.from(Map.of()))).isEmpty();
  }

  @Test
  void aConfiguredTokenOrTokenFileIsNoReasonToWarn() {
    assertThat(RunCommand.noTokenWarning(OperatorConfig.from(Map.of()))).isPresent();
    assertThat(
            RunCommand.noTokenWarning(
                OperatorConfig.from(
                    Map.of(OperatorSettings.API_TOKEN.variable(), "nf-token-1234567890"))))
        .isEmpty();
    assertThat(
            RunCommand.noTokenWarning(
                OperatorConfig.from(
                    Map.of(
                        OperatorSettings.API_TOKEN_FILE.variable(),
                        "/var/run/secrets/not-there-yet"))))
        .as("a token file may appear after start")
        .isEmpty();
  }

  @Test
  void readOnlyAloneSwitchesItOnAndAValueIsTaken() {
    RunCommand bare = new RunCommand(Map.of("READ_ONLY", "false"));
    new picocli.CommandLine(bare).parseArgs("--read-only");
    RunCommand explicit = new RunCommand(Map.of("READ_ONLY", "true"));
    new picocli.CommandLine(explicit).parseArgs("--read-only=false");

    assertThat(bare.settings()).containsEntry("READ_ONLY", "true");
    assertThat(explicit.settings()).containsEntry("READ_ONLY", "false");
  }

  @Test
  void observeRunsFalseTurnsTheRunsOffAndWinsOverItsVariable() {
    RunCommand run = new RunCommand(Map.of("OBSERVE_RUNS", "true"));
    new picocli.CommandLine(run).parseArgs("--observe-runs=false");

    assertThat(run.settings()).containsEntry("OBSERVE_RUNS", "false");
  }
}
