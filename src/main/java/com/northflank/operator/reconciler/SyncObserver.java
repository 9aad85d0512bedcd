package com.northflank.operator.reconciler;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import java.time.Duration;

/** Told about every sync outcome, e.g. to export it as metrics. */
public interface SyncObserver {

  SyncObserver NO_OP =
      new SyncObserver() {
        @Override
        public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {}

        @Override
        public void syncFailed(NorthflankJob job, FailureReason reason) {}
      };

  /** The status a reconcile arrived at, written or not. */
  void statusComputed(NorthflankJob job, NorthflankJobStatus status);

  void syncFailed(NorthflankJob job, FailureReason reason);

  /** The interval the job will be read at next, after the request budget had its say. */
  default void scheduled(NorthflankJob job, Duration effectiveInterval) {}

  /** The resource is gone; forget it. */
  default void resourceDeleted(String namespace, String name) {}
}
