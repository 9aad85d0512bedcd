package com.northflank.operator.it;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import com.northflank.operator.client.ApiCallListener;
import com.northflank.operator.model.ConditionTypes;
import com.northflank.operator.model.Conditions;
import com.northflank.operator.observability.SyncObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * What the operator did, as it tells its own listeners: every Northflank request (by token
 * fingerprint, never the token) and every sync outcome (by resource). Lets a test count reads per
 * token and per resource within a time window, across operator restarts.
 */
final class ReadProbe {

  /**
   * One Northflank request, recorded when it ended; status -1 when no response came.
   *
   * @param route method and route template, e.g. {@code PATCH
   *     /v1/projects/{projectId}/jobs/{jobId}}
   */
  record Call(long nanos, String tokenFingerprint, int status, String route) {
    boolean isWrite() {
      return !route.startsWith("GET ");
    }
  }

  /** One reconcile that got as far as a status (read or failed) and wrote it if it changed. */
  record Sync(long nanos, String namespace, String name, boolean synced, String reason) {}

  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Sync> syncs = new ConcurrentLinkedQueue<>();

  /** The listener to give the operator: records each call, then tells {@code next}. */
  ApiCallListener around(ApiCallListener next) {
    return call -> {
      calls.add(new Call(System.nanoTime(), call.token(), call.status(), call.route()));
      next.onCall(call);
    };
  }

  /** The observer to give the operator: records each sync outcome, then tells {@code next}. */
  SyncObserver around(SyncObserver next) {
    return new SyncObserver() {
      @Override
      public void statusComputed(NorthflankJob job, NorthflankJobStatus status) {
        var synced = Conditions.find(status.conditions(), ConditionTypes.SYNCED);
        syncs.add(
            new Sync(
                System.nanoTime(),
                job.getMetadata().getNamespace(),
                job.getMetadata().getName(),
                synced.map(c -> "True".equals(c.status())).orElse(false),
                synced.map(c -> c.reason()).orElse("")));
        next.statusComputed(job, status);
      }

      @Override
      public void syncFailed(NorthflankJob job, String reason) {
        next.syncFailed(job, reason);
      }

      @Override
      public void scheduled(NorthflankJob job, Duration effectiveInterval) {
        next.scheduled(job, effectiveInterval);
      }

      @Override
      public void resourceDeleted(String namespace, String name) {
        next.resourceDeleted(namespace, name);
      }

      @Override
      public void corrected(NorthflankJob job, List<String> fields) {
        next.corrected(job, fields);
      }

      @Override
      public void lifecycleOperation(NorthflankJob job, String operation, String result) {
        next.lifecycleOperation(job, operation, result);
      }
    };
  }

  List<Call> calls(long fromNanos, long toNanos, Predicate<Call> which) {
    return calls.stream()
        .filter(c -> c.nanos() - fromNanos >= 0 && toNanos - c.nanos() >= 0)
        .filter(which)
        .toList();
  }

  List<Sync> syncs(long fromNanos, long toNanos, String namespace, String name) {
    return syncs.stream()
        .filter(s -> s.nanos() - fromNanos >= 0 && toNanos - s.nanos() >= 0)
        .filter(s -> s.namespace().equals(namespace) && s.name().equals(name))
        .toList();
  }
}
