package com.northflank.operator.gitops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Kubernetes names for exported resources. */
final class KubernetesNames {

  /** RFC 1123 label: what a namespace must be, and what a job ID usually already is. */
  private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private static final int MAX_LABEL = 63;
  private static final int HASH_CHARS = 8;

  private KubernetesNames() {}

  static boolean isLabel(String name) {
    return name.length() <= MAX_LABEL && LABEL.matcher(name).matches();
  }

  /**
   * The resource name for a job: the job ID itself when it is a valid name, which Northflank's
   * lower-case slugs are. An ID Kubernetes would refuse (upper case, underscores, longer than 63)
   * is lower-cased, every other character becomes '-', and a short hash of the exact ID is
   * appended, so that two IDs differing only in case or punctuation still get distinct names.
   * {@code spec.jobId} always keeps the real ID.
   */
  static String forJobId(String jobId) {
    if (isLabel(jobId)) {
      return jobId;
    }
    String hash = sha256Hex(jobId).substring(0, HASH_CHARS);
    String base =
        jobId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    int room = MAX_LABEL - HASH_CHARS - 1;
    if (base.length() > room) {
      base = base.substring(0, room).replaceAll("-+$", "");
    }
    return base.isEmpty() ? "job-" + hash : base + "-" + hash;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE provides SHA-256", e);
    }
  }
}
