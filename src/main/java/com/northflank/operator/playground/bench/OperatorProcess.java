package com.northflank.operator.playground.bench;

import java.time.Instant;
import java.util.Optional;

/**
 * The operator's {@code run} as a process of its own, so that what is measured is the operator
 * alone: a container of the image ({@link ContainerOperator}) or the product jar in a child JVM
 * ({@link ChildJvmOperator}).
 */
interface OperatorProcess extends AutoCloseable {

  /** How it ended: the exit code, and whether the kernel's OOM killer ended it. */
  record Exit(int code, boolean oomKilled) {
    @Override
    public String toString() {
      return oomKilled ? "OOM-killed (exit " + code + ")" : "exit " + code;
    }
  }

  /** Its process id on this machine (for /proc and jcmd). */
  long pid();

  /** When the process was started (the container's start, or the child's fork). */
  Instant started();

  /** Empty while it runs. */
  Optional<Exit> exit();

  /** What it printed, for a failure's message. */
  String logs();

  /** Its resident memory now and at its peak. */
  default ProcessMemory memory() {
    return ProcessMemory.of(pid());
  }

  /**
   * The CPU its threads have used so far, user and system: unlike the wall clock, the same on a
   * busy machine as on a quiet one.
   */
  default java.time.Duration cpuTime() {
    return ProcessMemory.cpuTime(pid());
  }

  /** Kills it (SIGKILL) and removes what it left. */
  @Override
  void close();
}
