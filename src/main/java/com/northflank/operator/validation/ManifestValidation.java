package com.northflank.operator.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The {@code validate} command's service: reads manifests from files and directories
 * (multi-document YAML or JSON, {@code kind: List} expanded) and checks every NorthflankJob in them
 * offline. Documents of other kinds (Secrets, kustomizations, ...) are skipped with a note: a Git
 * repository holds them beside the jobs, and the CRD says nothing about them.
 */
public final class ManifestValidation {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final CustomResourceValidator validator;

  public ManifestValidation(CustomResourceValidator validator) {
    this.validator = validator;
  }

  /** One problem: {@code file: NorthflankJob/name: spec.jobId: Required value}. */
  public record Problem(String file, String resource, FieldError error) {
    @Override
    public String toString() {
      return file + ": " + resource + ": " + error;
    }
  }

  /**
   * What was found.
   *
   * @param problems every problem of every invalid resource
   * @param notes documents skipped, and why
   * @param unreadable files that could not be read or parsed, with the reason
   * @param checked how many resources were checked
   */
  public record Report(
      List<Problem> problems, List<String> notes, List<String> unreadable, int checked) {

    /**
     * 0 valid, 1 invalid, 2 when a file cannot be read or parsed, or when there was no
     * NorthflankJob to check: a pull request check pointed at the wrong directory must not pass.
     */
    public int exitCode() {
      if (!unreadable.isEmpty() || checked == 0) {
        return 2;
      }
      return problems.isEmpty() ? 0 : 1;
    }
  }

  /** Reads standard input when a path is {@code -}. */
  public Report validate(List<Path> paths, InputStream stdin) {
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    int checked = 0;
    for (Path path : paths) {
      List<Path> files;
      try {
        files = filesIn(path);
      } catch (IOException e) {
        unreadable.add(path + ": cannot read: " + describe(e, path));
        continue;
      }
      for (Path file : files) {
        List<JsonNode> documents;
        try {
          documents = file.toString().equals("-") ? readDocuments(stdin) : readDocuments(file);
        } catch (IOException e) {
          unreadable.add(file + ": cannot read: " + describe(e, file));
          continue;
        }
        for (int i = 0; i < documents.size(); i++) {
          JsonNode document = documents.get(i);
          String label = label(document, i, documents.size());
          if (!validator.crd().kind().equals(document.path("kind").asText())) {
            notes.add(file + ": " + label + ": skipped, not a " + validator.crd().kind());
            continue;
          }
          checked++;
          for (FieldError error : validator.validateStrictly(document)) {
            problems.add(new Problem(file.toString(), label, error));
          }
        }
      }
    }
    return new Report(List.copyOf(problems), List.copyOf(notes), List.copyOf(unreadable), checked);
  }

  private static List<Path> filesIn(Path path) throws IOException {
    if (path.toString().equals("-")) {
      return List.of(path);
    }
    if (!Files.exists(path)) {
      throw new java.nio.file.NoSuchFileException(
          path.toString(), null, "no such file or directory");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(ManifestValidation::isManifest)
          .sorted()
          .toList();
    }
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static List<JsonNode> readDocuments(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readDocuments(in);
    }
  }

  private static List<JsonNode> readDocuments(InputStream in) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(in)) {
      // readValues walks a multi-document stream; comment-only documents come back as null.
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNextValue(); ) {
        JsonNode document = it.nextValue();
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (document.path("kind").asText().equals("List") && document.path("items").isArray()) {
          document.path("items").forEach(documents::add);
        } else {
          documents.add(document);
        }
      }
    } catch (RuntimeException e) {
      // Jackson wraps parse errors met while iterating.
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getMessage(), e);
    }
    return documents;
  }

  private static String label(JsonNode document, int index, int count) {
    String kind = document.path("kind").asText("");
    String name = document.path("metadata").path("name").asText("");
    String base =
        (kind.isEmpty() ? "<no kind>" : kind) + "/" + (name.isEmpty() ? "<no name>" : name);
    return name.isEmpty() && count > 1 ? base + " (document " + (index + 1) + ")" : base;
  }

  private static String describe(IOException e, Path file) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof JacksonException parse) {
      // where the parser stopped, as diff says it, and its own words without the quoted file
      JsonLocation at = parse.getLocation();
      String original =
          parse.getOriginalMessage() == null ? "" : parse.getOriginalMessage().strip();
      return "not valid "
          + (file.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "JSON" : "YAML")
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
          + (original.isEmpty() ? "" : ": " + original.lines().findFirst().orElse(""));
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return message.lines().findFirst().orElse(message);
  }
}
