package com.northflank.operator.budget;

import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routine slots held for jobs (and sweeps), and the ones given back. resilience4j's rate
 * limiter reserves future permits but cannot take one back, so a job forgotten while it held slots
 * (paused, deleted, moved to another token) or an urgent sync that went ahead on a priority permit
 * would leave them reserved for nobody, and every later reservation one slot further out: churn
 * would push everyone else's reads later. A slot given back is kept here instead, and the next
 * routine admission takes it before asking the limiter for a new one. A given-back slot whose time
 * has passed is dropped: using it late could put two requests closer than the budget allows.
 *
 * <p>Times are {@link System#nanoTime()} values.
 */
final class HeldSlots {

  /** The slots held for one key; the read goes when the last is due. */
  private record Held(long dueAt, long[] slots) {}

  private final Map<String, Held> held = new ConcurrentHashMap<>();

  /** Given-back slot times, earliest first; guarded by itself. */
  private final PriorityQueue<Long> freed = new PriorityQueue<>();

  private final long periodNanos;
  private final long toleranceNanos;

  /**
   * @param periodNanos the routine limiter's time between two slots
   * @param toleranceNanos how close to a slot counts as on time
   */
  HeldSlots(long periodNanos, long toleranceNanos) {
    this.periodNanos = periodNanos;
    this.toleranceNanos = toleranceNanos;
  }

  /** When the slots held for the key come due, or null when it holds none. */
  Long dueAt(String key) {
    Held h = held.get(key);
    return h == null ? null : h.dueAt();
  }

  /** The key's read goes now: its slots are spent. */
  void spent(String key) {
    held.remove(key);
  }

  /** Holds the slots for the key; any it held before are given back. */
  void hold(String key, long[] slots, long now) {
    long last = slots[0];
    for (long slot : slots) {
      last = Math.max(last, slot);
    }
    Held before = held.put(key, new Held(last, slots));
    if (before != null) {
      giveBack(before.slots(), now);
    }
  }

  /** The key will not use its slots (forgotten, or gone ahead on a priority permit). */
  void release(String key, long now) {
    Held gone = held.remove(key);
    if (gone != null) {
      giveBack(gone.slots(), now);
    }
  }

  /** Slots taken and then not used: the next admission's. */
  void giveBack(long[] slots, long now) {
    synchronized (freed) {
      for (long slot : slots) {
        if (slot - now > -toleranceNanos) {
          freed.add(slot);
        }
      }
    }
  }

  /**
   * The earliest {@code count} given-back slots that are still ahead (or due now), taken; null,
   * taking none, when fewer are free.
   */
  long[] takeFreed(int count, long now) {
    synchronized (freed) {
      while (!freed.isEmpty() && freed.peek() - now <= -toleranceNanos) {
        freed.poll();
      }
      if (freed.size() < count) {
        return null;
      }
      long[] taken = new long[count];
      for (int i = 0; i < count; i++) {
        taken[i] = freed.poll();
      }
      return taken;
    }
  }

  /** The slots of a limiter reservation of {@code count} permits, the last {@code wait} away. */
  long[] reserved(long now, long wait, int count) {
    long[] slots = new long[count];
    for (int i = 0; i < count; i++) {
      slots[i] = now + Math.max(0, wait - (long) (count - 1 - i) * periodNanos);
    }
    return slots;
  }
}
