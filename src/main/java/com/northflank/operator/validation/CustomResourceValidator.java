package com.northflank.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.SchemaBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Admits a custom resource the way kube-apiserver does for a CRD: prune unknown fields, apply
 * defaults, then check metadata.name, the OpenAPI v3 schema and every CEL rule. One instance per
 * CRD; thread-safe.
 */
public final class CustomResourceValidator {

  /** A DNS-1123 subdomain, what kube-apiserver requires of a custom resource's name. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile(SchemaBounds.DNS_SUBDOMAIN);

  /** Errors after which kube-apiserver does not run the CEL rules (their input is not typed). */
  private static final List<FieldError.Type> BLOCKING =
      List.of(FieldError.Type.TYPE_INVALID, FieldError.Type.NOT_SUPPORTED);

  private final CrdSchema crd;
  private final OpenApiSchemaRules schemaRules;
  private final CelRules celRules;

  public CustomResourceValidator(CrdSchema crd) {
    this.crd = crd;
    this.schemaRules = new OpenApiSchemaRules(crd.openApiV3Schema());
    this.celRules = new CelRules(crd.openApiV3Schema());
  }

  /** For the NorthflankJob CRD shipped in the jar. */
  public static CustomResourceValidator northflankJob() {
    return new CustomResourceValidator(CrdSchema.northflankJob());
  }

  public CrdSchema crd() {
    return crd;
  }

  /** How many {@code x-kubernetes-validations} rules were compiled (every one the CRD declares). */
  public int celRuleCount() {
    return celRules.ruleCount();
  }

  /**
   * The outcome of admitting one resource.
   *
   * @param object the resource as it would be stored: pruned and defaulted
   * @param unknownFields paths of the fields pruned because the schema does not declare them
   * @param errors what makes the resource invalid; empty when it is admitted
   */
  public record Admission(ObjectNode object, List<String> unknownFields, List<FieldError> errors) {

    public boolean allowed() {
      return errors.isEmpty();
    }
  }

  /** Prunes, defaults and validates a copy of {@code resource}, as the API server would. */
  public Admission admit(JsonNode resource) {
    if (!(resource instanceof ObjectNode input)) {
      return new Admission(
          null,
          List.of(),
          List.of(new FieldError("", FieldError.Type.INVALID, "Invalid value: not an object")));
    }
    ObjectNode object = input.deepCopy();
    List<String> unknown = StructuralPruning.pruneAndDefault(object, crd.openApiV3Schema());
    List<FieldError> errors = new ArrayList<>(metadataErrors(object));
    List<FieldError> schemaErrors = schemaRules.validate(object);
    errors.addAll(schemaErrors);
    if (schemaErrors.stream().anyMatch(error -> BLOCKING.contains(error.type()))) {
      errors.add(
          new FieldError(
              "",
              FieldError.Type.INVALID,
              "Invalid value: \"object\": some validation rules were not checked because the"
                  + " object was invalid; correct the existing errors to complete validation"));
    } else {
      errors.addAll(celRules.validate(object));
    }
    return new Admission(object, List.copyOf(unknown), List.copyOf(errors));
  }

  /**
   * Everything a strict client (kubectl's default) would be refused for: unknown fields first, then
   * the admission errors.
   */
  public List<FieldError> validateStrictly(JsonNode resource) {
    Admission admission = admit(resource);
    List<FieldError> problems = new ArrayList<>();
    for (String field : admission.unknownFields()) {
      problems.add(new FieldError(field, FieldError.Type.UNKNOWN, "field not declared in schema"));
    }
    problems.addAll(admission.errors());
    return problems;
  }

  private List<FieldError> metadataErrors(ObjectNode object) {
    List<FieldError> errors = new ArrayList<>();
    if (!crd.apiVersion().equals(object.path("apiVersion").asText())) {
      errors.add(
          new FieldError(
              "apiVersion",
              FieldError.Type.NOT_SUPPORTED,
              "Unsupported value: "
                  + OpenApiSchemaRules.render(object.get("apiVersion"))
                  + ": supported values: \""
                  + crd.apiVersion()
                  + "\""));
    }
    JsonNode metadata = object.path("metadata");
    JsonNode name = metadata.get("name");
    if (name == null || name.asText().isEmpty()) {
      if (metadata.path("generateName").asText().isEmpty()) {
        errors.add(
            new FieldError(
                "metadata.name",
                FieldError.Type.REQUIRED,
                "Required value: name or generateName is required"));
      }
    } else if (!name.isTextual()
        || name.asText().length() > 253
        || !DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
      errors.add(
          new FieldError(
              "metadata.name",
              FieldError.Type.INVALID,
              "Invalid value: "
                  + OpenApiSchemaRules.render(name)
                  + ": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                  + " characters, '-' or '.', and must start and end with an alphanumeric"
                  + " character"));
    }
    return errors;
  }
}
