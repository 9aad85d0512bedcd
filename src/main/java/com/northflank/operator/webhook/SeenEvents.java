package com.northflank.operator.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last events accepted, so that one sent twice (Northflank retrying, a proxy
 * repeating) is answered and ignored. Bounded: the oldest id goes when a new one comes past the
 * capacity, and an id longer than any real one is not remembered at all.
 */
final class SeenEvents {

  static final int CAPACITY = 10_000;
  static final int LONGEST_ID = 256;

  private final int capacity;
  private final Map<String, Boolean> ids;

  SeenEvents() {
    this(CAPACITY);
  }

  SeenEvents(int capacity) {
    this.capacity = capacity;
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SeenEvents.this.capacity;
          }
        };
  }

  /** Whether the id was remembered; no id is never seen. */
  synchronized boolean seen(String id) {
    return id != null && ids.containsKey(id);
  }

  /** Remembers an accepted event's id. */
  synchronized void remember(String id) {
    if (id != null && !id.isEmpty() && id.length() <= LONGEST_ID) {
      ids.put(id, Boolean.TRUE);
    }
  }

  synchronized int size() {
    return ids.size();
  }
}
