package com.northflank.operator.observability;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import java.time.Duration;
import java.util.List;

/** Told about every sync outcome, e.g. to export it as metrics. */
public interface SyncObserver {

  SyncObserver NO_OP =
      new SyncObserver() {
        @Override
        public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {}

        @Override
        public void syncFailed(NorthflankJob job, String reason) {}
      };

  /** Tells each observer in turn. */
  static SyncObserver all(SyncObserver... observers) {
    List<SyncObserver> list = List.of(observers);
    return new SyncObserver() {
      @Override
      public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
        list.forEach(o -> o.statusComputed(job, status));
      }

      @Override
      public void syncFailed(NorthflankJob job, String reason) {
        list.forEach(o -> o.syncFailed(job, reason));
      }

      @Override
      public void scheduled(NorthflankJob job, Duration effectiveInterval) {
        list.forEach(o -> o.scheduled(job, effectiveInterval));
      }

      @Override
      public void resourceDeleted(String namespace, String name) {
        list.forEach(o -> o.resourceDeleted(namespace, name));
      }

      @Override
      public void corrected(NorthflankJob job, List<String> fields) {
        list.forEach(o -> o.corrected(job, fields));
      }

      @Override
      public void lifecycleOperation(NorthflankJob job, String operation, String result) {
        list.forEach(o -> o.lifecycleOperation(job, operation, result));
      }
    };
  }

  /** The status a reconcile arrived at, written or not. */
  void statusComputed(NorthflankJob job, NorthflankJobStatus status);

  /**
   * @param reason the Synced condition's reason, e.g. {@code ApiUnavailable}
   */
  void syncFailed(NorthflankJob job, String reason);

  /** The interval the job will be read at next, after the request budget had its say. */
  default void scheduled(NorthflankJob job, Duration effectiveInterval) {}

  /** Northflank took a correcting PATCH of these spec.job fields. */
  default void corrected(NorthflankJob job, List<String> fields) {}

  /**
   * A create, adoption or delete of a job went out, or was decided against.
   *
   * @param operation create, adopt or delete
   * @param result success, or what kept it from succeeding (e.g. forbidden, unavailable)
   */
  default void lifecycleOperation(NorthflankJob job, String operation, String result) {}

  /** The resource is gone; forget it. */
  default void resourceDeleted(String namespace, String name) {}
}
