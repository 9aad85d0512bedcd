package com.northflank.operator.playground.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every request that could change something (any method but GET and HEAD), with its body and the
 * status it got, in arrival order: what tests and the demo show of the writes a client sent. Keeps
 * the latest {@link #CAPACITY}, so a long bench run cannot grow it without bound.
 */
public final class WriteLog {

  static final int CAPACITY = 10_000;

  /**
   * One write as the simulator received it.
   *
   * @param path the raw request path, IDs included
   * @param body the request body as text
   */
  public record Write(String method, String path, String body, int status) {}

  private final Deque<Write> writes = new ArrayDeque<>();

  synchronized void record(String method, String path, byte[] body, int status) {
    if (writes.size() == CAPACITY) {
      writes.removeFirst();
    }
    writes.addLast(new Write(method, path, new String(body, StandardCharsets.UTF_8), status));
  }

  /** A copy, oldest first. */
  public synchronized List<Write> all() {
    return List.copyOf(writes);
  }

  /** The writes to one path, e.g. {@code /v1/projects/default-project/jobs/example-job}. */
  public synchronized List<Write> to(String path) {
    return writes.stream().filter(w -> w.path().equals(path)).toList();
  }

  public synchronized void clear() {
    writes.clear();
  }
}
