package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** {@code --version} says which release and which commit the running jar was built from. */
class VersionTest {

  @Test
  void versionPrintsThePomVersionAndTheCommitOfTheBuild() throws Exception {
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
        .containsExactly("northflank-job-operator " + pomVersion(), "commit " + gitHead());
  }

  static String pomVersion() throws Exception {
    var pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    var children = pom.getDocumentElement().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if ("version".equals(children.item(i).getNodeName())) {
        return children.item(i).getTextContent().strip();
      }
    }
    throw new AssertionError("pom.xml has no <version>");
  }

  /** The commit checked out here, as git itself says (a clean clone in CI has .git). */
  private static String gitHead() throws Exception {
    Process git = new ProcessBuilder("git", "rev-parse", "HEAD").start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as("git rev-parse HEAD").isZero();
    assertThat(head).matches("[0-9a-f]{40}");
    return head;
  }
}
