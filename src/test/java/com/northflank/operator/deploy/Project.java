package com.northflank.operator.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Facts about the checkout under test: pom.xml (the one place the release version and the image
 * name are set) and the git commit.
 */
public final class Project {

  private static final Element PROJECT = load();

  private Project() {}

  /** {@code project.version}. */
  public static String version() {
    return child(PROJECT, "version").getTextContent().strip();
  }

  /** A {@code <properties>} entry. */
  public static String property(String name) {
    return child(child(PROJECT, "properties"), name).getTextContent().strip();
  }

  /** The commit checked out here, as git itself says (a clean clone in CI has .git). */
  public static String gitHead() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "HEAD").start();
      String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!git.waitFor(30, TimeUnit.SECONDS)
          || git.exitValue() != 0
          || !head.matches("[0-9a-f]{40}")) {
        throw new AssertionError("git rev-parse HEAD failed: " + head);
      }
      return head;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("git rev-parse HEAD failed", e);
    }
  }

  private static Element child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    throw new AssertionError("pom.xml: no <" + name + "> in <" + parent.getTagName() + ">");
  }

  private static Element load() {
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .parse(Path.of("pom.xml").toFile())
          .getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("cannot read pom.xml", e);
    }
  }
}
