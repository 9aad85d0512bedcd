package com.northflank.operator.playground.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Starts the operator for the footprint and soak runs: the image under Docker (loaded from the
 * build's OCI tarball with skopeo) when Docker answers and the tarball is there, the product jar in
 * a child JVM otherwise, or whichever was asked for.
 */
public final class OperatorLauncher implements AutoCloseable {

  /** Which operator to start. */
  public enum Kind {
    /** The image when Docker and the tarball are there, else the jar. */
    AUTO,
    IMAGE,
    JAR
  }

  /**
   * The image entrypoint's JVM options that any JDK 17 or later takes: the child JVM runs with the
   * bench's own Java, which need not be the image's runtime.
   */
  static final List<String> CHILD_JVM_OPTIONS =
      List.of(
          "-XX:MinRAMPercentage=35",
          "-XX:MaxRAMPercentage=35",
          "-XX:NewRatio=4",
          "-XX:MinHeapFreeRatio=20",
          "-XX:MaxHeapFreeRatio=40",
          "-XX:+ExitOnOutOfMemoryError");

  /** Where the build leaves the two. */
  public static final Path IMAGE_TARBALL = Path.of("target/northflank-job-operator-image.tar");

  public static final Path PRODUCT_JAR = Path.of("target/product/northflank-job-operator.jar");

  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(3);

  private final String image;
  private final Path tarball;
  private final Path jar;
  private final Map<String, String> extraEnvironment;

  private OperatorLauncher(
      String image, Path tarball, Path jar, Map<String, String> extraEnvironment) {
    this.image = image;
    this.tarball = tarball;
    this.jar = jar;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  /** Loads the image into Docker when it is to be used; checks that the jar exists otherwise. */
  /**
   * @param extraEnvironment given to every operator started, over the run's own (e.g.
   *     JAVA_TOOL_OPTIONS, to weigh a JVM option)
   */
  public static OperatorLauncher prepare(
      Kind kind, Path tarball, Path jar, Map<String, String> extraEnvironment) {
    boolean image =
        switch (kind) {
          case IMAGE -> true;
          case JAR -> false;
          case AUTO -> Files.isRegularFile(tarball) && dockerAnswers();
        };
    if (!image) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar + " is missing: build it with mvn -B package -DskipTests");
      }
      return new OperatorLauncher(null, tarball, jar, extraEnvironment);
    }
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          tarball + " is missing: build it with mvn -B -Pimage package -DskipTests");
    }
    if (!dockerAnswers()) {
      throw new IllegalStateException("docker info does not answer: is dockerd running?");
    }
    String reference = "northflank-job-operator-bench:" + ProcessHandle.current().pid();
    HostCommand.output(
        LOAD_TIMEOUT,
        List.of(
            "skopeo",
            "copy",
            "--quiet",
            "oci-archive:" + tarball.toAbsolutePath(),
            "docker-daemon:" + reference));
    return new OperatorLauncher(reference, tarball, jar, extraEnvironment);
  }

  /** Whether a Docker engine answers here. */
  public static boolean dockerAnswers() {
    return HostCommand.run(Duration.ofSeconds(20), List.of("docker", "info")).succeeded();
  }

  public boolean inContainer() {
    return image != null;
  }

  /** The image as Docker knows it once loaded, e.g. for {@code docker run}; null for the jar. */
  public String image() {
    return image;
  }

  /**
   * @param memoryLimit bytes: the container's {@code --memory}, or the child JVM's {@code MaxRAM}
   */
  public OperatorProcess start(Map<String, String> runEnvironment, long memoryLimit) {
    Map<String, String> environment = new java.util.HashMap<>(runEnvironment);
    environment.putAll(extraEnvironment);
    if (image != null) {
      return ContainerOperator.start(image, environment, memoryLimit);
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxRAM=" + memoryLimit));
    command.addAll(CHILD_JVM_OPTIONS);
    command.addAll(List.of("-jar", jar.toString(), "run"));
    return ChildJvmOperator.start(command, environment);
  }

  /** The image's compressed size, when its tarball is there. */
  public OptionalLong imageBytes() {
    if (!Files.isRegularFile(tarball)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(ImageTarball.compressedBytes(tarball));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What runs, for the table's heading. */
  public String describe() {
    String extra = extraEnvironment.isEmpty() ? "" : ", with " + extraEnvironment;
    return (image != null
            ? "the image in Docker (" + tarball + ")"
            : String.format(
                Locale.ROOT,
                "the product jar in a child JVM (%s, Java %s, no container)",
                jar,
                Runtime.version().feature()))
        + extra;
  }

  /** Removes the loaded image. */
  @Override
  public void close() {
    if (image != null) {
      HostCommand.run(ContainerOperator.DOCKER_TIMEOUT, List.of("docker", "rmi", image));
    }
  }
}
