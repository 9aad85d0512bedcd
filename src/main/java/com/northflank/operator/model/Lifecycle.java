package com.northflank.operator.model;

import java.util.List;
import java.util.Map;

/**
 * The marks the operator leaves on a NorthflankJob for the lifecycle of its job: the finalizer that
 * holds the resource until its owned job is deleted (deletionPolicy Delete only), and the annotation
 * that records a create in flight, written before the POST, so that after a crash the next reconcile
 * binds the job it finds as Created instead of creating it again (Crossplane's
 * external-create-pending).
 */
public final class Lifecycle {

  public static final String FINALIZER = "northflank.com/finalizer";
  public static final String CREATE_PENDING = "northflank.com/create-pending";

  private Lifecycle() {}

  public static boolean hasFinalizer(NorthflankJob job) {
    List<String> finalizers = job.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(FINALIZER);
  }

  /** Whether a create was in flight when the resource was last written. */
  public static boolean createPending(NorthflankJob job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(CREATE_PENDING);
  }
}
