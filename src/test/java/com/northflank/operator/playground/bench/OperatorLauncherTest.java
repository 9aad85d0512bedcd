package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorLauncherTest {

  /**
   * The jar runs in a child JVM with the image's heap options, so that the footprint and soak
   * scenarios measure the same heap either way; only options that need Java 25 stay out.
   */
  @Test
  void theChildJvmTakesTheImagesHeapOptions() throws IOException {
    List<String> imageOptions =
        Files.readAllLines(Path.of("src/image/java.options")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();

    List<String> heapOptions =
        imageOptions.stream()
            .filter(
                option ->
                    option.matches("-XX:((Min|Max)(RAMPercentage|HeapFreeRatio)|NewRatio)=.*"))
            .toList();

    assertThat(heapOptions).isNotEmpty();
    assertThat(OperatorLauncher.CHILD_JVM_OPTIONS).containsAll(heapOptions);
    assertThat(imageOptions).containsAll(OperatorLauncher.CHILD_JVM_OPTIONS);
  }
}
