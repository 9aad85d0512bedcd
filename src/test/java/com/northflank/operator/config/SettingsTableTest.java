package com.northflank.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's table is the one the declarations render. */
class SettingsTableTest {

  private static final String REGENERATE =
      "mvn -B -o -q compile exec:java"
          + " -Dexec.mainClass=com.northflank.operator.config.SettingsTable";

  @Test
  void theCommittedTableIsTheDeclarationsTable() throws IOException {
    String committed = Files.readString(SettingsTable.DOCUMENT, StandardCharsets.UTF_8);
    String fresh = SettingsTable.withTable(committed, OperatorSettings.ALL);

    if (!committed.equals(fresh)) {
      fail(
          "%s's settings table is out of date with OperatorSettings; regenerate it with%n"
              + "  %s%nFirst difference: %s",
          SettingsTable.DOCUMENT, REGENERATE, firstDifferingLine(committed, fresh));
    }
  }

  @Test
  void aRowGivesFlagVariableDefaultAndDescription() {
    List<String> rows = SettingsTable.markdown(OperatorSettings.ALL).lines().toList();

    assertThat(rows).hasSize(OperatorSettings.ALL.size() + 2);
    assertThat(rows.get(0)).isEqualTo("| flag | environment variable | default | description |");
    assertThat(rows)
        .contains(
            "| `--sync-interval` | `SYNC_INTERVAL` | `5m` | Default time between reads of a job"
                + " (a resource's `spec.syncInterval` overrides it). |",
            "| `--namespaces` | `WATCH_NAMESPACES` | all namespaces | Comma-separated namespaces"
                + " to watch. |")
        .anySatisfy(row -> assertThat(row).startsWith("| – | `NORTHFLANK_API_TOKEN` | none |"));
  }

  @Test
  void aPipeInADeclarationDoesNotSplitItsCell() {
    Setting<String> piped =
        Setting.builder("PIPED", SettingType.DNS_NAME)
            .flag("--piped")
            .noDefault("a | b")
            .description("Either a|b.")
            .build();

    assertThat(SettingsTable.markdown(List.of(piped)))
        .endsWith("| `--piped` | `PIPED` | a \\| b | Either a\\|b. |\n");
  }

  @Test
  void onlyTheTextBetweenTheMarkersIsReplaced() {
    String document =
        "# Title\n\nBefore.\n\n"
            + SettingsTable.BEGIN
            + "\nstale table\n"
            + SettingsTable.END
            + "\n\nAfter.\n";

    String rewritten = SettingsTable.withTable(document, List.of(OperatorSettings.LEASE_NAME));

    assertThat(rewritten)
        .isEqualTo(
            "# Title\n\nBefore.\n\n"
                + SettingsTable.BEGIN
                + "\n"
                + SettingsTable.markdown(List.of(OperatorSettings.LEASE_NAME))
                + SettingsTable.END
                + "\n\nAfter.\n");
    assertThat(SettingsTable.withTable(rewritten, List.of(OperatorSettings.LEASE_NAME)))
        .as("rendering again changes nothing")
        .isEqualTo(rewritten);
    assertThatThrownBy(() -> SettingsTable.withTable("# No markers\n", OperatorSettings.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SettingsTable.BEGIN);
  }

  private static String firstDifferingLine(String committed, String fresh) {
    List<String> a = committed.lines().toList();
    List<String> b = fresh.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String left = i < a.size() ? a.get(i) : "(end of file)";
      String right = i < b.size() ? b.get(i) : "(end of file)";
      if (!left.equals(right)) {
        return "line " + (i + 1) + ": committed '" + left + "', rendered '" + right + "'";
      }
    }
    return "line endings";
  }
}
