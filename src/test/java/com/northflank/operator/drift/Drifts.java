package com.northflank.operator.drift;

import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.client.PatchableFields;

/** Expected drift entries for tests about other rules than correctability. */
public final class Drifts {

  private Drifts() {}

  public static FieldDrift drift(String field, String desired, String actual) {
    return new FieldDrift(field, desired, actual, PatchableFields.isCorrectable(field));
  }
}
