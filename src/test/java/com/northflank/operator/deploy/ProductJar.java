package com.northflank.operator.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * What the product's jar (run, validate, export, diff: the jar the image runs) must not hold: the
 * playground's classes and resources, and the libraries only the playground needs. protobuf-java is
 * not among them: cel-java, which {@code validate} evaluates the CRD's rules with, runs on it.
 */
final class ProductJar {

  static final Path PATH = Path.of("target/product/northflank-job-operator.jar");

  /** Entry name prefixes of the playground and its libraries, each with what it is. */
  static final List<String> PLAYGROUND_ONLY =
      List.of(
          "com/northflank/operator/playground/", // the demo, simulator, embedded API, bench
          "simulator/", // the simulator's seed jobs
          "samples/", // the manifests the demo applies
          "io/fabric8/kubernetes/client/server/mock/", // kubernetes-server-mock
          "io/fabric8/mockwebserver/",
          "io/vertx/",
          "io/netty/",
          "org/bouncycastle/",
          "okhttp3/",
          "okio/",
          "kotlin/",
          "com/jayway/jsonpath/",
          "net/minidev/",
          "org/objectweb/asm/",
          "com/squareup/javapoet/"); // JOSDK's annotation processor's, not needed to run

  private ProductJar() {}

  /** Every entry name of a jar. */
  static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).toList();
    }
  }

  /** The entries that belong to the playground; none, for a product jar. */
  static List<String> playgroundEntries(List<String> entries) {
    return entries.stream()
        .filter(name -> PLAYGROUND_ONLY.stream().anyMatch(name::startsWith))
        .toList();
  }
}
