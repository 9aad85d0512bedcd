package com.northflank.operator.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Synced condition says of a created job beyond its read: spec.creation applies only at
 * creation (as Crossplane's initProvider), so a later change of it is said, not silently ignored;
 * and a job Northflank gave another ID than spec.jobId is named. The spec.creation a create was
 * sent with is remembered by its digest, in an annotation written with the create-pending mark
 * (names and references only: spec.creation holds no secret value).
 */
public final class CreationNotes {

  /** The SHA-256 (first 16 hex digits) of spec.creation as the job was created from it. */
  public static final String CREATED_FROM = "northflank.com/created-from";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private CreationNotes() {}

  static String digest(NorthflankJob job) {
    try {
      byte[] canonical = JSON.writeValueAsBytes(JSON.valueToTree(job.getSpec().creation()));
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("spec.creation cannot be digested", e);
    }
  }

  /** The note for a job bound as {@code ownership} with the ID {@code liveId}, if any. */
  public static Optional<String> of(NorthflankJob job, String ownership, String liveId) {
    if (!NorthflankJobStatus.CREATED.equals(ownership)) {
      return Optional.empty();
    }
    List<String> notes = new ArrayList<>();
    if (liveId != null && !liveId.equals(job.getSpec().jobId())) {
      notes.add(
          "the job was created with the ID "
              + liveId
              + ", not spec.jobId "
              + job.getSpec().jobId()
              + ", and is bound by it (status.jobId)");
    }
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String createdFrom = annotations == null ? null : annotations.get(CREATED_FROM);
    if (createdFrom != null && !createdFrom.equals(digest(job))) {
      notes.add(
          "spec.creation changed since the job was created and is not applied again: it applies"
              + " only when the operator creates the job");
    }
    return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
  }
}
