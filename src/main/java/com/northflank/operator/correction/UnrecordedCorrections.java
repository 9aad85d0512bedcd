package com.northflank.operator.correction;

import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJobStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The corrections Northflank answered whose status write failed, per resource: until a status
 * write records one, it still counts (a spec is corrected at most once per interval, a refused one
 * not again) and the next status write records it, so a PATCH is never sent again only because its
 * record was lost. The next reconcile reads the job again for what became of it.
 */
public final class UnrecordedCorrections {

  private final Map<String, LastCorrection> byResource = new ConcurrentHashMap<>();

  /** Northflank answered a correction of the resource; its status write is still to come. */
  public void answered(String key, LastCorrection correction) {
    byResource.put(key, Objects.requireNonNull(correction, "correction"));
  }

  /**
   * The correction of the resource that the status on record does not show yet; once it does, the
   * correction is forgotten.
   */
  public Optional<LastCorrection> pending(String key, NorthflankJobStatus onRecord) {
    LastCorrection correction = byResource.get(key);
    if (correction == null) {
      return Optional.empty();
    }
    if (onRecord != null && correction.equals(onRecord.lastCorrection())) {
      byResource.remove(key, correction);
      return Optional.empty();
    }
    return Optional.of(correction);
  }

  /** The resource is gone. */
  public void forget(String key) {
    byResource.remove(key);
  }
}
