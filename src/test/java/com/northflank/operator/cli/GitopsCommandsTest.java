package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.testing.ConsoleCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * export and diff refuse bad input before any request, naming the option or variable; exit 2. The
 * round trip against the simulator is in it/GitopsRoundTripTest.
 */
class GitopsCommandsTest {

  private static final Map<String, String> WITH_TOKEN =
      Map.of("NORTHFLANK_API_TOKEN", "nf-test-token", "NORTHFLANK_API_URL", "http://127.0.0.1:9");

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "export --project p/x|Invalid value for option '--project': 'p/x' does not match",
        "export --project p --team 'my team'|Invalid value for option '--team'",
        "export --project p --job a.b|Invalid value for option '--job': 'a.b' does not match",
        "export --project p --namespace Team_A|Invalid value for option '--namespace': 'Team_A'",
        "export --project p --secret-ref Bad_Secret|Invalid value for option '--secret-ref'",
        "export --project p --api-budget 1000|Invalid value for option '--api-budget'",
        "export|Missing required option: '--project=ID'",
        "diff|Missing required option: '--filename=FILE|DIR'",
        "diff -f x -o yaml|Invalid value for option '--output': expected one of [text, json]",
        "diff -f x --request-timeout soon|Invalid value for option '--request-timeout'",
        "export --project p --request-timeout soon|Invalid value for option '--request-timeout'",
        "export --project p --output-dir pom.xml|Invalid value for option '--output-dir':"
            + " pom.xml is a file, not a directory"
      })
  void badInputIsRefusedNamingTheOption(String command, String message) {
    int code = Main.execute(args(command), WITH_TOKEN);

    assertThat(code).isEqualTo(2);
    assertThat(console.err()).startsWith(message);
    assertThat(console.out().length()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"export --project p", "diff -f deploy/samples"})
  void withoutATokenNothingIsRead(String command) {
    int code = Main.execute(args(command), Map.of("NORTHFLANK_API_URL", "http://127.0.0.1:9"));

    assertThat(code).isEqualTo(2);
    assertThat(console.err())
        .startsWith("No API token: set NORTHFLANK_API_TOKEN, or point --token-file");
  }

  @ParameterizedTest
  @CsvSource({"export --project p", "diff -f deploy/samples"})
  void aBadVariableIsNamedAndOtherOperatorSettingsDoNotMatter(String command) {
    Map<String, String> environment =
        Map.of(
            "NORTHFLANK_API_TOKEN", "nf-test-token",
            "NORTHFLANK_API_BUDGET", "lots",
            "SYNC_INTERVAL", "not read by export or diff");

    int code = Main.execute(args(command), environment);

    assertThat(code).isEqualTo(2);
    assertThat(console.err())
        .startsWith("Invalid value for environment variable NORTHFLANK_API_BUDGET: 'lots'");
  }

  private static String[] args(String command) {
    // split on spaces, keeping 'quoted words' together
    List<String> args = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(command);
    while (m.find()) {
      args.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return args.toArray(String[]::new);
  }
}
