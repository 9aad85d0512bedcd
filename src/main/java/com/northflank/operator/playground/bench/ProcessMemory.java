package com.northflank.operator.playground.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory as the kernel counts it ({@code /proc/PID/status}): what a
 * container's memory limit and a node's eviction see, page tables and the JVM's own structures
 * included, unlike any figure the JVM reports about itself.
 *
 * @param rss resident now (VmRSS), in bytes
 * @param peakRss the most ever resident (VmHWM), in bytes
 * @param anonymousRss the part of {@code rss} no file backs (RssAnon: heap, metaspace, code,
 *     thread stacks, malloc), in bytes; the rest are pages of mapped files (the jar, the AOT
 *     cache, the JVM's libraries), which the kernel pages in as code first runs and may drop again
 */
record ProcessMemory(long rss, long peakRss, long anonymousRss) {

  /** A figure without the split, all of it counted as anonymous. */
  ProcessMemory(long rss, long peakRss) {
    this(rss, peakRss, rss);
  }

  static ProcessMemory of(long pid) {
    try {
      long rss = -1;
      long peak = -1;
      long anonymous = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kibibytes(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          peak = kibibytes(line) * 1024;
        } else if (line.startsWith("RssAnon:")) {
          anonymous = kibibytes(line) * 1024;
        }
      }
      if (rss < 0 || peak < 0) {
        throw new IllegalStateException("no VmRSS or VmHWM for process " + pid);
      }
      return new ProcessMemory(rss, peak, anonymous < 0 ? rss : anonymous);
    } catch (IOException e) {
      throw new UncheckedIOException("process " + pid + " is gone", e);
    }
  }

  /** utime + stime of /proc/PID/stat, in the kernel's clock ticks (USER_HZ, 100 on Linux). */
  static java.time.Duration cpuTime(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name, in parentheses, may hold spaces: count fields after its closing one
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return java.time.Duration.ofMillis(ticks * 10);
    } catch (IOException e) {
      throw new UncheckedIOException("process " + pid + " is gone", e);
    }
  }

  private static long kibibytes(String line) {
    // "VmRSS:	  114688 kB"
    return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
  }
}
