package com.northflank.operator.correction;

import com.fasterxml.jackson.databind.JsonNode;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.credentials.ResolvedCredentials;
import com.northflank.operator.model.LastCorrection;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What a correction needs to know of the reconcile it is part of: the resource, how to reach its
 * job, what spec.job asks for, and how often the job is read (a spec is corrected at most once per
 * effective interval). The reconciler's per-reconcile context is one.
 */
public interface CorrectionScope {

  NorthflankJob job();

  /** The resource's key in the request budget. */
  String key();

  JobRef ref();

  /**
   * The token and whether the resource may write with it ({@link ResolvedCredentials#mayWrite()}),
   * which every write asks first.
   */
  ResolvedCredentials credentials();

  default ApiToken token() {
    return credentials().token();
  }

  /** spec.job as the tree the drift was computed from. */
  JsonNode desired();

  /** The interval the job is read at now, after the request budget had its say. */
  Duration effectiveInterval();

  /**
   * The resource as the Kubernetes API holds it now, which a write checks again just before it
   * goes out ({@link WriteGate}); empty when it was deleted.
   */
  Optional<NorthflankJob> current();

  /**
   * The last correction Northflank answered for the resource: the one on record, unless a newer
   * one's status write failed ({@link UnrecordedCorrections}).
   */
  default Optional<LastCorrection> lastCorrection() {
    return Optional.ofNullable(job().getStatus()).map(NorthflankJobStatus::lastCorrection);
  }
}
