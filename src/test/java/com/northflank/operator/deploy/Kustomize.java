package com.northflank.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders kustomizations with the real kubectl, and finds resources in rendered manifests. Tests
 * that need kubectl call {@link #requireKubectl()} first: skipped without it, except with CI=true.
 */
final class Kustomize {

  static final YAMLMapper YAML = new YAMLMapper();

  private Kustomize() {}

  static void requireKubectl() {
    boolean found = onPath("kubectl").isPresent();
    if (!found && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl is not on PATH, and CI=true requires it");
    }
    assumeTrue(found, "kubectl is not on PATH");
  }

  /** `kubectl kustomize dir`, parsed; fails with kubectl's own error output. */
  static List<JsonNode> render(String dir) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(onPath("kubectl").orElseThrow(), "kustomize", dir).start();
    CompletableFuture<byte[]> stderr =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return process.getErrorStream().readAllBytes();
              } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
              }
            });
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES))
        .as("kubectl kustomize %s finished", dir)
        .isTrue();
    assertThat(process.exitValue())
        .as("kubectl kustomize %s: %s", dir, new String(stderr.join(), StandardCharsets.UTF_8))
        .isZero();
    return documents(out);
  }

  /** The non-empty documents of a YAML stream. */
  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isEmpty()) {
          resources.add(doc);
        }
      }
    }
    return resources;
  }

  static Optional<JsonNode> find(List<JsonNode> resources, String kind, String name) {
    return resources.stream()
        .filter(r -> kind(r).equals(kind) && r.at("/metadata/name").asText().equals(name))
        .findFirst();
  }

  static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
    return resources.stream().filter(r -> kind(r).equals(kind)).toList();
  }

  static String kind(JsonNode resource) {
    return resource.path("kind").asText();
  }

  static String namespace(JsonNode resource) {
    return resource.at("/metadata/namespace").asText();
  }

  static Optional<String> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
