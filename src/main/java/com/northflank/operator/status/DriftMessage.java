package com.northflank.operator.status;

import com.northflank.operator.correction.Correction;
import com.northflank.operator.credentials.ResolvedCredentials;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.Timestamps;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Drifted condition's message: which declared fields differ, what the operator does about the
 * ones PATCH can change, and which need a change in Northflank by hand. Stable across polls of an
 * unchanged job, so that it never causes a status write by itself.
 */
final class DriftMessage {

  static final int FIELDS_NAMED = 5;

  private DriftMessage() {}

  static String of(List<FieldDrift> differences, Correction correction) {
    StringBuilder message = new StringBuilder();
    message
        .append(
            differences.size() == 1
                ? "1 declared field differs"
                : differences.size() + " declared fields differ")
        .append(" from the live job: ")
        .append(names(differences.stream().map(FieldDrift::field).toList()));
    boolean correctableLeft =
        differences.stream().anyMatch(d -> Boolean.TRUE.equals(d.correctable()));
    if (correctableLeft) {
      String note = note(correction);
      if (!note.isEmpty()) {
        message.append("; ").append(note);
      }
    }
    List<String> byHand =
        differences.stream()
            .filter(d -> !Boolean.TRUE.equals(d.correctable()))
            .map(FieldDrift::field)
            .toList();
    if (!byHand.isEmpty()) {
      message.append("; needs a change in Northflank by hand (PATCH cannot change it): ");
      message.append(names(byHand));
    }
    return message.toString();
  }

  private static String note(Correction correction) {
    if (correction instanceof Correction.Skipped skipped) {
      return switch (skipped.why()) {
        case REPORT -> "reported only (driftPolicy: Report)";
        case READ_ONLY -> "not corrected: corrections are disabled by the operator's --read-only";
        case TOKEN_MAY_NOT_WRITE -> "not corrected: " + ResolvedCredentials.WRITES_NOT_GRANTED;
        case NOTHING_CORRECTABLE -> "";
      };
    }
    if (correction instanceof Correction.Deferred deferred) {
      return "corrected at most once per interval: next correction after "
          + Timestamps.format(deferred.until());
    }
    if (correction instanceof Correction.WaitingForBudget) {
      return "the correction waits for the request budget";
    }
    if (correction instanceof Correction.Withheld withheld) {
      return "not corrected: " + withheld.hold().message();
    }
    boolean rejected =
        correction instanceof Correction.Failed failed && failed.record().isPresent();
    if (correction instanceof Correction.Held || rejected) {
      return "not corrected: Northflank rejected the correction of this spec (see Synced);"
          + " a spec change tries again";
    }
    if (correction instanceof Correction.Applied applied) {
      return "changed again in Northflank meanwhile: next correction after "
          + Timestamps.format(applied.next());
    }
    return "the correction failed (see Synced)";
  }

  private static String names(List<String> fields) {
    String named = fields.stream().limit(FIELDS_NAMED).collect(Collectors.joining(", "));
    int more = fields.size() - FIELDS_NAMED;
    return more > 0 ? named + " and " + more + " more" : named;
  }
}
