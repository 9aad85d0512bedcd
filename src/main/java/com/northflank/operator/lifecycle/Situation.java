package com.northflank.operator.lifecycle;

import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.model.OwnershipTag;
import java.util.Optional;

/** Where the job named by a resource stands, for that resource, as a read found it. */
public enum Situation {
  /** No job with the ID exists (Get Job answered 404). */
  ABSENT,
  /** The job carries this resource's ownership tag: this resource created or adopted it. */
  OURS,
  /** The job carries no ownership tag: nobody's, as far as the operator can tell. */
  UNOWNED,
  /** The job carries another resource's ownership tag. */
  OWNED_ELSEWHERE;

  /**
   * @param read the job, or empty when Get Job answered 404
   * @param uid the resource's metadata.uid
   */
  public static Situation of(Optional<JobSnapshot> read, String uid) {
    if (read.isEmpty()) {
      return ABSENT;
    }
    Optional<String> tag = OwnershipTag.find(read.get().job().tags());
    if (tag.isEmpty()) {
      return UNOWNED;
    }
    return uid != null && tag.get().equals(OwnershipTag.of(uid)) ? OURS : OWNED_ELSEWHERE;
  }
}
