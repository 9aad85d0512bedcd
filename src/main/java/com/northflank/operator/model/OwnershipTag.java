package com.northflank.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The tag the operator puts on a job it creates or adopts, naming the owning resource's UID: {@code
 * nfjob-} and the UID's 32 hex digits (38 characters, within the tag pattern and length of both the
 * API and spec.job.tags). Tags are a field PATCH changes, so ownership lives on the job itself: a
 * job carrying another resource's tag is never written or deleted by this one. The drift comparison
 * ignores it and a correcting PATCH of tags keeps it.
 */
public final class OwnershipTag {

  public static final String PREFIX = "nfjob-";
  private static final java.util.regex.Pattern TAG =
      java.util.regex.Pattern.compile("^" + PREFIX + "[0-9a-f]{32}$");

  private OwnershipTag() {}

  /** The tag naming the resource with this UID. */
  public static String of(String uid) {
    return PREFIX + uid.replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** Whether a tag is an ownership tag, this resource's or another's. */
  public static boolean isOwnershipTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  /** Whether a tags node (an array, or absent) holds an ownership tag. */
  public static boolean isOwnershipTag(JsonNode tag) {
    return tag != null && tag.isTextual() && isOwnershipTag(tag.textValue());
  }

  /** The ownership tag among the job's tags, if it has one. */
  public static Optional<String> find(Collection<String> tags) {
    return tags == null
        ? Optional.empty()
        : tags.stream().filter(OwnershipTag::isOwnershipTag).findFirst();
  }
}
