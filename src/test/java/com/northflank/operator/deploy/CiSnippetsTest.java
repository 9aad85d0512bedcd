package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.northflank.operator.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The CI snippets in deploy/ci/ run the jar's commands as the CLI really takes them: validate
 * before diff, diff with a token from the CI's secrets, and every command line accepted by the
 * command's own parser (so a renamed flag cannot leave the snippets behind).
 */
class CiSnippetsTest {

  private static final Pattern JAR_COMMAND = Pattern.compile("java -jar \"\\$JAR\" ([^|>]+)");
  private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

  @ParameterizedTest
  @ValueSource(strings = {"github-actions.yaml", "gitlab-ci.yaml"})
  void validateRunsBeforeDiffAndEveryCommandLineParses(String snippet) throws IOException {
    JsonNode ci = new YAMLMapper().readTree(Path.of("deploy", "ci", snippet).toFile());
    List<List<String>> commands = new ArrayList<>();
    for (String line : scriptLines(ci)) {
      Matcher matcher = JAR_COMMAND.matcher(line);
      if (matcher.find()) {
        commands.add(words(matcher.group(1)));
      }
    }

    assertThat(commands).extracting(command -> command.get(0)).containsExactly("validate", "diff");
    CommandLine cli = Main.commandLine(Map.of());
    for (List<String> command : commands) {
      if (cli.getSubcommands().containsKey(command.get(0))) {
        cli.parseArgs(command.toArray(String[]::new));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"github-actions.yaml", "gitlab-ci.yaml"})
  void diffReadsWithATokenFromTheCiSecretsNeverALiteral(String snippet) throws IOException {
    JsonNode ci = new YAMLMapper().readTree(Path.of("deploy", "ci", snippet).toFile());

    List<String> tokens = new ArrayList<>();
    ci.findValues("NORTHFLANK_API_TOKEN").forEach(value -> tokens.add(value.asText()));

    assertThat(tokens)
        .isNotEmpty()
        .allSatisfy(token -> assertThat(token).matches("\\$\\{\\{ secrets\\.\\w+ }}|\\$\\w+"));
  }

  /** Every line of every string in the file, in document order. */
  private static List<String> scriptLines(JsonNode node) {
    List<String> lines = new ArrayList<>();
    if (node.isTextual()) {
      lines.addAll(node.asText().lines().toList());
    }
    node.elements().forEachRemaining(child -> lines.addAll(scriptLines(child)));
    return lines;
  }

  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(line.strip());
    while (matcher.find()) {
      words.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return words;
  }
}
