package com.northflank.operator.playground.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The live heap of another JVM, read with {@code jcmd PID GC.class_histogram}: it collects first (a
 * full GC), then counts every live object, whatever the collector. Attaching works into a container
 * as well (through /proc/PID/root/tmp); the attach listener it starts stays, a thread and a few
 * hundred KiB, so it is read after the process's RSS.
 */
final class HeapAfterGc {

  private HeapAfterGc() {}

  /** Empty when jcmd is not at hand or cannot attach. */
  static OptionalLong of(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return OptionalLong.empty();
    }
    HostCommand.Result histogram =
        HostCommand.run(
            Duration.ofMinutes(1),
            List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"));
    if (!histogram.succeeded()) {
      return OptionalLong.empty();
    }
    // the last line: "Total        123456       7890123"
    return histogram
        .output()
        .lines()
        .filter(line -> line.startsWith("Total"))
        .reduce((first, last) -> last)
        .map(line -> line.strip().split("\\s+"))
        .map(cells -> OptionalLong.of(Long.parseLong(cells[cells.length - 1])))
        .orElse(OptionalLong.empty());
  }
}
