package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.deploy.Project;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --version} says which release and which commit the running jar was built from. */
class VersionTest {

  @Test
  void versionPrintsThePomVersionAndTheCommitOfTheBuild() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(new String[] {"--version"}, Map.of());
    } finally {
      System.setOut(original);
    }

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "northflank-job-operator " + Project.version(), "commit " + Project.gitHead());
  }
}
