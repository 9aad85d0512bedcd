package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.northflank.operator.validation.CustomResourceValidator;
import com.northflank.operator.validation.FieldError;
import java.util.List;

/**
 * What {@code validate} says of an exported resource: the CRD's schema and every CEL rule, with
 * unknown fields as problems, by the same validator the command and the embedded API use.
 */
final class Validate {

  private static final CustomResourceValidator VALIDATOR = CustomResourceValidator.northflankJob();

  private Validate() {}

  /** The problems {@code validate} would report; empty when the resource is valid. */
  static List<String> errors(JsonNode resource) {
    return VALIDATOR.validateStrictly(resource).stream().map(FieldError::toString).toList();
  }
}
