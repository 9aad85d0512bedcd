package com.northflank.operator.playground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void thisProcessIsResidentAndHasUsedCpu() {
    long pid = ProcessHandle.current().pid();
    ProcessMemory memory = ProcessMemory.of(pid);

    assertThat(memory.rss()).isPositive();
    assertThat(memory.peakRss()).isGreaterThanOrEqualTo(memory.rss());
    // a JVM maps its libraries and class data from files: not all of its RSS is anonymous
    assertThat(memory.anonymousRss()).isPositive().isLessThan(memory.rss());
    assertThat(ProcessMemory.cpuTime(pid)).isGreaterThan(Duration.ZERO);
  }
}
