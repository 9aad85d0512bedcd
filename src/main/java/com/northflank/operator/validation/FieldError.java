package com.northflank.operator.validation;

/**
 * One problem with one field, shaped like a Kubernetes {@code field.Error}: the path of the field
 * ({@code spec.job.tags[0]}), its kind (the {@code reason} of a Status cause) and a message that
 * starts as kube-apiserver's does ({@code Required value}, {@code Unsupported value: ...}).
 */
public record FieldError(String field, Type type, String message) {

  /** The kinds of field errors kube-apiserver reports, with their Status cause reasons. */
  public enum Type {
    REQUIRED("FieldValueRequired"),
    INVALID("FieldValueInvalid"),
    NOT_SUPPORTED("FieldValueNotSupported"),
    TYPE_INVALID("FieldValueTypeInvalid"),
    TOO_LONG("FieldValueTooLong"),
    TOO_MANY("FieldValueTooMany"),
    FORBIDDEN("FieldValueForbidden"),
    DUPLICATE("FieldValueDuplicate"),
    /** A field the schema does not declare: pruned by the API server, refused by strict checks. */
    UNKNOWN("FieldValueUnknown");

    private final String reason;

    Type(String reason) {
      this.reason = reason;
    }

    /** The {@code details.causes[].reason} of a 422 Status. */
    public String reason() {
      return reason;
    }

    static Type fromReason(String reason) {
      for (Type type : values()) {
        if (type.reason.equals(reason)) {
          return type;
        }
      }
      throw new IllegalArgumentException("not a Kubernetes field error reason: " + reason);
    }
  }

  /** {@code spec.jobId: Required value}, as kubectl prints each cause. */
  @Override
  public String toString() {
    return (field.isEmpty() ? "<root>" : field) + ": " + message;
  }
}
