package com.northflank.operator.gitops;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The documents in files and directories, read the way {@code kubectl apply -f} reads them: YAML or
 * JSON, several documents per file, a {@code kind: List} unpacked into its items, directories
 * walked recursively for {@code .yaml}, {@code .yml} and {@code .json} files (hidden ones skipped),
 * in path order.
 */
final class ResourceFiles {

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One document.
   *
   * @param source how messages name it: the file, plus the document (and list item) when the file
   *     holds more than one
   * @param document 1-based position in the file
   * @param named whether the user named the file itself, rather than a directory holding it
   */
  record Document(String source, Path file, int document, JsonNode tree, boolean named)
      implements Entry {}

  /** A file, or a path, that could not be read. */
  record Unreadable(Path file, String problem) implements Entry {}

  /** What the inputs hold, in their order. */
  sealed interface Entry permits Document, Unreadable {}

  private ResourceFiles() {}

  static List<Entry> read(List<Path> inputs) {
    List<Entry> entries = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        List<Path> files;
        try {
          files = manifests(input);
        } catch (IOException | UncheckedIOException e) {
          entries.add(new Unreadable(input, "cannot list the directory: " + e.getMessage()));
          continue;
        }
        files.forEach(file -> readFile(file, false, entries));
      } else if (Files.exists(input)) {
        readFile(input, true, entries);
      } else {
        entries.add(new Unreadable(input, "no such file or directory"));
      }
    }
    return entries;
  }

  private static List<Path> manifests(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> isManifest(file) && !isHidden(directory, file))
          .sorted()
          .toList();
    }
  }

  private static void readFile(Path file, boolean named, List<Entry> entries) {
    List<JsonNode> trees = new ArrayList<>();
    ObjectMapper mapper = extension(file).equals("json") ? JSON : YAML;
    try (JsonParser parser = mapper.getFactory().createParser(file.toFile());
        MappingIterator<JsonNode> values = mapper.readValues(parser, JsonNode.class)) {
      while (values.hasNextValue()) {
        trees.add(values.nextValue());
      }
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      entries.add(new Unreadable(file, "not valid " + format(mapper) + where + problem(e)));
      return;
    } catch (IOException e) {
      entries.add(new Unreadable(file, "cannot read it: " + e.getMessage()));
      return;
    }
    // a "---" with nothing after it, or a comment-only document, is no document
    List<JsonNode> present =
        trees.stream()
            .filter(tree -> tree != null && !tree.isNull() && !tree.isMissingNode())
            .toList();
    for (int i = 0; i < present.size(); i++) {
      JsonNode tree = present.get(i);
      String source = present.size() > 1 ? file + " (document " + (i + 1) + ")" : file.toString();
      if ("List".equals(tree.path("kind").asText()) && tree.path("items").isArray()) {
        int item = 0;
        for (JsonNode element : tree.get("items")) {
          item++;
          entries.add(new Document(source + " item " + item, file, i + 1, element, named));
        }
      } else {
        entries.add(new Document(source, file, i + 1, tree, named));
      }
    }
  }

  /** The parser's own words, first line only: the rest repeats the location or quotes the file. */
  private static String problem(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null || message.isBlank()) {
      return "";
    }
    String first = message.strip().lines().findFirst().orElse("");
    return ": " + (first.length() > 120 ? first.substring(0, 120) + "…" : first);
  }

  private static boolean isManifest(Path file) {
    return List.of("yaml", "yml", "json").contains(extension(file));
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String format(ObjectMapper mapper) {
    return mapper == JSON ? "JSON" : "YAML";
  }
}
