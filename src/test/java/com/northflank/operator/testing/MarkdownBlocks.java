package com.northflank.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of a Markdown file, each with the HTML comment that marks it, if one
 * stands on the line before its fence ({@code <!-- runnable -->}): the docs mark blocks for tests
 * that way, invisibly to readers.
 */
public final class MarkdownBlocks {

  /**
   * One block.
   *
   * @param file the Markdown file
   * @param line the line number of its opening fence, from 1
   * @param info the fence's info string ({@code sh})
   * @param marker the text of the HTML comment on the line before the fence, if any
   * @param text the lines between the fences, each ending with a newline
   */
  public record Block(Path file, int line, String info, Optional<String> marker, String text) {

    /** Where the block is, for messages: {@code docs/playground.md:48}. */
    public String where() {
      return file + ":" + line;
    }

    /** Its lines, with backslash-continued lines joined into one command. */
    public List<String> commands() {
      List<String> commands = new ArrayList<>();
      StringBuilder pending = new StringBuilder();
      for (String line : text.lines().toList()) {
        if (line.endsWith("\\")) {
          pending.append(line, 0, line.length() - 1);
          continue;
        }
        pending.append(line);
        String command = pending.toString().replaceAll("\\s+", " ").strip();
        pending.setLength(0);
        if (!command.isEmpty()) {
          commands.add(command);
        }
      }
      return commands;
    }
  }

  private static final Pattern FENCE = Pattern.compile("^(```+)\\s*(.*)$");
  private static final Pattern MARKER = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");

  private MarkdownBlocks() {}

  public static List<Block> of(Path markdown) {
    List<String> lines;
    try {
      lines = Files.readAllLines(markdown);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i).strip());
      if (!open.matches()) {
        continue;
      }
      Optional<String> marker = Optional.empty();
      if (i > 0) {
        Matcher comment = MARKER.matcher(lines.get(i - 1).strip());
        if (comment.matches()) {
          marker = Optional.of(comment.group(1));
        }
      }
      StringBuilder text = new StringBuilder();
      int start = i;
      for (i++; i < lines.size() && !lines.get(i).strip().equals(open.group(1)); i++) {
        text.append(lines.get(i)).append('\n');
      }
      blocks.add(new Block(markdown, start + 1, open.group(2).strip(), marker, text.toString()));
    }
    return blocks;
  }

  /** The blocks of these files that carry this marker, in file and line order. */
  public static List<Block> marked(List<Path> files, String marker) {
    return files.stream()
        .flatMap(file -> of(file).stream())
        .filter(block -> block.marker().filter(marker::equals).isPresent())
        .toList();
  }
}
