package com.northflank.operator.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings as a Markdown table (flag, environment variable, default, description), which
 * {@code docs/configuration.md} carries between {@link #BEGIN} and {@link #END}; a test fails when
 * the committed table is not the one the declarations render.
 *
 * <p>{@code main} rewrites a document's table in place:
 *
 * <pre>
 * mvn -B -o -q compile exec:java -Dexec.mainClass=com.northflank.operator.config.SettingsTable \
 *     -Dexec.args=docs/configuration.md
 * </pre>
 */
public final class SettingsTable {

  public static final String BEGIN = "<!-- settings:begin -->";
  public static final String END = "<!-- settings:end -->";

  /** Where the table is published; relative to the project's root. */
  public static final Path DOCUMENT = Path.of("docs", "configuration.md");

  private SettingsTable() {}

  /** Rewrites the table in the document named by the first argument, or {@link #DOCUMENT}. */
  public static void main(String[] args) throws IOException {
    Path document = args.length > 0 ? Path.of(args[0]) : DOCUMENT;
    String text = Files.readString(document, StandardCharsets.UTF_8);
    Files.writeString(
        document, withTable(text, OperatorSettings.ALL), StandardCharsets.UTF_8);
    System.out.println("Rewrote the settings table in " + document);
  }

  /** One row per setting, in the order given, with a header; every line ends with a newline. */
  public static String markdown(List<Setting<?>> settings) {
    StringBuilder table = new StringBuilder();
    table.append("| flag | environment variable | default | description |\n");
    table.append("|---|---|---|---|\n");
    for (Setting<?> setting : settings) {
      table
          .append("| ")
          .append(setting.flag().map(SettingsTable::code).orElse("–"))
          .append(" | ")
          .append(code(setting.variable()))
          .append(" | ")
          .append(defaultCell(setting))
          .append(" | ")
          .append(cell(setting.description()))
          .append(" |\n");
    }
    return table.toString();
  }

  /**
   * The document with the text between its markers replaced by the table of {@code settings}; the
   * rest is kept byte for byte.
   *
   * @throws IllegalArgumentException when the document lacks either marker, or has them in the
   *     wrong order
   */
  public static String withTable(String document, List<Setting<?>> settings) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "the document has no " + BEGIN + " ... " + END + " pair for the settings table");
    }
    return document.substring(0, begin + BEGIN.length())
        + "\n"
        + markdown(settings)
        + document.substring(end);
  }

  private static String defaultCell(Setting<?> setting) {
    String text = setting.defaultText();
    if (!setting.defaultIsValue()) {
      return cell(text);
    }
    return text.isEmpty() ? "empty" : code(text);
  }

  private static String code(String text) {
    return "`" + text.replace("|", "\\|") + "`";
  }

  /** A pipe would end the cell, a line break the row. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
