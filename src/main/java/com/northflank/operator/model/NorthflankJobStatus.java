package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.List;

/**
 * What the operator last observed of the live job, how it differs from the spec, and the conditions
 * that summarise it. A failed read keeps the last observed values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@SchemaCustomizer(IntegerFormats.class)
public record NorthflankJobStatus(
    @Min(0)
    @Max(SchemaBounds.INT64_EXACT_MAX)
    @JsonPropertyDescription("metadata.generation of the spec this status reflects.")
        Long observedGeneration,
    @JsonPropertyDescription("Live job type: manual or cron.") String jobType,
    @JsonPropertyDescription("Live: whether the cron schedule is suspended.") Boolean suspended,
    @JsonPropertyDescription("Live cron schedule.") String schedule,
    @JsonPropertyDescription("Live cron concurrency policy.") String concurrencyPolicy,
    @JsonPropertyDescription("The Northflank cluster and runtime namespace the job runs in.")
        ClusterStatus cluster,
    @JsonPropertyDescription("Full identifier Northflank uses for the job's deployment.")
        String appId,
    @JsonPropertyDescription("When the job was created in Northflank.") String createdAt,
    @JsonPropertyDescription(
            "Time of the last successful read; refreshed on change or at the status heartbeat.")
        String lastSyncTime,
    @JsonPropertyDescription(
            "Declared fields the live job does not match (at most "
                + NorthflankJobStatus.MAX_DRIFT_ENTRIES
                + " entries; driftCount has the total).")
        List<FieldDrift> drift,
    @Min(0)
    @Max(SchemaBounds.INT32_MAX)
    @JsonPropertyDescription("Number of declared fields that differ from the live job.")
        Integer driftCount,
    @JsonPropertyDescription(
            "Ready, Synced, Drifted and Stalled; LastRunSucceeded while the job's runs are"
                + " observed.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "The last correcting PATCH Northflank answered (driftPolicy: Correct): when, which"
                + " fields, and whether it was applied or rejected.")
        LastCorrection lastCorrection,
    @JsonPropertyDescription(
            "The job's latest run in Northflank, while its runs are observed (spec.observeRuns"
                + " and the operator's --observe-runs); kept when a read of the runs fails.")
        LastRun lastRun,
    @SchemaFrom(type = AllowedValues.Ownership.class)
        @JsonPropertyDescription(
            "How this resource holds its job: Created (the operator created it for this"
                + " resource), Adopted (an existing job taken over under creationPolicy IfAbsent),"
                + " Observed (an existing job only read). Only a Created or Adopted job is ever"
                + " deleted.")
        String ownership,
    @Size(max = SchemaBounds.ID_LENGTH)
        @JsonPropertyDescription(
            "ID of the Northflank job this resource is bound to: spec.jobId, or the ID the create"
                + " answer gave the job.")
        String jobId) {

  public static final String CREATED = "Created";
  public static final String ADOPTED = "Adopted";
  public static final String OBSERVED = "Observed";

  /** Keeps the status (and so etcd objects and watch traffic) small when much has drifted. */
  public static final int MAX_DRIFT_ENTRIES = 20;

  /** Not bound to a job yet (no ownership on record). */
  public NorthflankJobStatus(
      Long observedGeneration,
      String jobType,
      Boolean suspended,
      String schedule,
      String concurrencyPolicy,
      ClusterStatus cluster,
      String appId,
      String createdAt,
      String lastSyncTime,
      List<FieldDrift> drift,
      Integer driftCount,
      List<Condition> conditions,
      LastCorrection lastCorrection,
      LastRun lastRun) {
    this(
        observedGeneration,
        jobType,
        suspended,
        schedule,
        concurrencyPolicy,
        cluster,
        appId,
        createdAt,
        lastSyncTime,
        drift,
        driftCount,
        conditions,
        lastCorrection,
        lastRun,
        null,
        null);
  }

  /** Whether the resource owns the job it is bound to: created or adopted it. */
  public boolean ownsJob() {
    return CREATED.equals(ownership) || ADOPTED.equals(ownership);
  }

  /** The same status bound to a job, or to none (nulls). */
  public NorthflankJobStatus withBinding(String newOwnership, String boundJobId) {
    Copy copy = new Copy(this);
    copy.ownership = newOwnership;
    copy.jobId = boundJobId;
    return copy.status();
  }

  /** Without a last run on record. */
  public NorthflankJobStatus(
      Long observedGeneration,
      String jobType,
      Boolean suspended,
      String schedule,
      String concurrencyPolicy,
      ClusterStatus cluster,
      String appId,
      String createdAt,
      String lastSyncTime,
      List<FieldDrift> drift,
      Integer driftCount,
      List<Condition> conditions,
      LastCorrection lastCorrection) {
    this(
        observedGeneration,
        jobType,
        suspended,
        schedule,
        concurrencyPolicy,
        cluster,
        appId,
        createdAt,
        lastSyncTime,
        drift,
        driftCount,
        conditions,
        lastCorrection,
        null);
  }

  /** Without a correction or a last run on record. */
  public NorthflankJobStatus(
      Long observedGeneration,
      String jobType,
      Boolean suspended,
      String schedule,
      String concurrencyPolicy,
      ClusterStatus cluster,
      String appId,
      String createdAt,
      String lastSyncTime,
      List<FieldDrift> drift,
      Integer driftCount,
      List<Condition> conditions) {
    this(
        observedGeneration,
        jobType,
        suspended,
        schedule,
        concurrencyPolicy,
        cluster,
        appId,
        createdAt,
        lastSyncTime,
        drift,
        driftCount,
        conditions,
        null,
        null);
  }

  public NorthflankJobStatus withLastSyncTime(String time) {
    Copy copy = new Copy(this);
    copy.lastSyncTime = time;
    return copy.status();
  }

  /** The same observation, with new conditions for another generation. */
  public NorthflankJobStatus withConditions(Long generation, List<Condition> newConditions) {
    Copy copy = new Copy(this);
    copy.observedGeneration = generation;
    copy.conditions = newConditions;
    return copy.status();
  }

  /** The same status with another correction on record. */
  public NorthflankJobStatus withLastCorrection(LastCorrection correction) {
    Copy copy = new Copy(this);
    copy.lastCorrection = correction;
    return copy.status();
  }

  /** The same status with another last run (null: none on record). */
  public NorthflankJobStatus withLastRun(LastRun run) {
    Copy copy = new Copy(this);
    copy.lastRun = run;
    return copy.status();
  }

  /**
   * The status field by field, for the withers: each changes what it names and keeps the rest, so
   * the whole list is written here once.
   */
  private static final class Copy {
    private Long observedGeneration;
    private String jobType;
    private Boolean suspended;
    private String schedule;
    private String concurrencyPolicy;
    private ClusterStatus cluster;
    private String appId;
    private String createdAt;
    private String lastSyncTime;
    private List<FieldDrift> drift;
    private Integer driftCount;
    private List<Condition> conditions;
    private LastCorrection lastCorrection;
    private LastRun lastRun;
    private String ownership;
    private String jobId;

    Copy(NorthflankJobStatus status) {
      observedGeneration = status.observedGeneration;
      jobType = status.jobType;
      suspended = status.suspended;
      schedule = status.schedule;
      concurrencyPolicy = status.concurrencyPolicy;
      cluster = status.cluster;
      appId = status.appId;
      createdAt = status.createdAt;
      lastSyncTime = status.lastSyncTime;
      drift = status.drift;
      driftCount = status.driftCount;
      conditions = status.conditions;
      lastCorrection = status.lastCorrection;
      lastRun = status.lastRun;
      ownership = status.ownership;
      jobId = status.jobId;
    }

    NorthflankJobStatus status() {
      return new NorthflankJobStatus(
          observedGeneration,
          jobType,
          suspended,
          schedule,
          concurrencyPolicy,
          cluster,
          appId,
          createdAt,
          lastSyncTime,
          drift,
          driftCount,
          conditions,
          lastCorrection,
          lastRun,
          ownership,
          jobId);
    }
  }
}
