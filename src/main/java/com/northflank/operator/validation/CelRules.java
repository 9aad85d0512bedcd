package com.northflank.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code x-kubernetes-validations} rule of a structural schema, compiled once by cel-java and
 * evaluated as kube-apiserver does: at the schema node that declares it, with {@code self} bound to
 * the value there and typed from the schema (so a misspelt field or an unknown function fails at
 * compile time, not silently at run time).
 *
 * <p>The environment is CEL's standard library with its macros ({@code has}, {@code all}, {@code
 * exists}, ...) and the strings extension, which Kubernetes also enables. Kubernetes' own libraries
 * (lists, url, quantity, ip/cidr, semver, authz) and transition rules ({@code oldSelf}) are not
 * declared: the CRD uses none of them, and a rule that needs one does not compile here, loudly.
 */
final class CelRules {

  private static final String SELF = "self";

  /** A rule ready to run, with where it lives. */
  private record CompiledRule(
      String rule,
      CelRuntime.Program program,
      CelRuntime.Program messageProgram,
      String message,
      String fieldPath,
      FieldError.Type type) {}

  /** The rules declared at one schema node. */
  private final Map<JsonNode, List<CompiledRule>> rulesBySchemaNode =
      new java.util.IdentityHashMap<>();

  private final JsonNode rootSchema;
  private int ruleCount;

  CelRules(JsonNode openApiV3Schema) {
    this.rootSchema = openApiV3Schema;
    List<String> failures = new ArrayList<>();
    compileAll(openApiV3Schema, "", true, failures);
    if (!failures.isEmpty()) {
      throw new InvalidRuleException(failures);
    }
  }

  /** How many rules the schema declares (all compiled). */
  int ruleCount() {
    return ruleCount;
  }

  /** Thrown when a rule of the CRD does not compile: the CRD is broken, not the resource. */
  static final class InvalidRuleException extends IllegalStateException {
    InvalidRuleException(List<String> failures) {
      super("x-kubernetes-validations that do not compile:\n" + String.join("\n", failures));
    }
  }

  List<FieldError> validate(JsonNode resource) {
    List<FieldError> errors = new ArrayList<>();
    visit(resource, rootSchema, "", true, errors);
    return errors;
  }

  private void visit(
      JsonNode value, JsonNode schema, String path, boolean root, List<FieldError> errors) {
    if (schema == null || value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    List<CompiledRule> rules = rulesBySchemaNode.get(schema);
    if (rules != null) {
      Object self = toCel(value, schema, root);
      for (CompiledRule rule : rules) {
        evaluate(rule, self, value, path, errors);
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode child =
            properties.has(field.getKey())
                ? properties.get(field.getKey())
                : (additional != null && additional.isObject() ? additional : null);
        String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        visit(field.getValue(), child, childPath, false, errors);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        visit(value.get(i), schema.get("items"), path + "[" + i + "]", false, errors);
      }
    }
  }

  private static void evaluate(
      CompiledRule rule, Object self, JsonNode value, String path, List<FieldError> errors) {
    String field = path + rule.fieldPath();
    if (field.startsWith(".")) {
      field = field.substring(1);
    }
    Object result;
    try {
      result = rule.program().eval(Map.of(SELF, self));
    } catch (CelEvaluationException e) {
      errors.add(
          new FieldError(
              field,
              FieldError.Type.INVALID,
              "Invalid value: \""
                  + OpenApiSchemaRules.jsonType(value)
                  + "\": rule evaluation error: "
                  + rule.rule()
                  + ": "
                  + e.getMessage()));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      return;
    }
    String message = message(rule, self);
    String text =
        switch (rule.type()) {
          case REQUIRED -> "Required value: " + message;
          case FORBIDDEN -> "Forbidden: " + message;
          case DUPLICATE -> "Duplicate value: " + message;
          default -> "Invalid value: \"" + OpenApiSchemaRules.jsonType(value) + "\": " + message;
        };
    errors.add(new FieldError(field, rule.type(), text));
  }

  private static String message(CompiledRule rule, Object self) {
    if (rule.messageProgram() != null) {
      try {
        Object message = rule.messageProgram().eval(Map.of(SELF, self));
        if (message instanceof String text && !text.isBlank()) {
          return text;
        }
      } catch (CelEvaluationException e) {
        // Kubernetes falls back to message (or the rule) when messageExpression fails.
      }
    }
    return rule.message().isEmpty() ? "failed rule: " + rule.rule() : rule.message();
  }

  private void compileAll(JsonNode schema, String path, boolean root, List<String> failures) {
    if (schema == null || !schema.isObject()) {
      return;
    }
    JsonNode rules = schema.path("x-kubernetes-validations");
    if (rules.isArray() && !rules.isEmpty()) {
      List<CompiledRule> compiled = new ArrayList<>();
      TypeRegistry types = new TypeRegistry();
      CelType selfType = types.typeOf(schema, typeName(path), root);
      Cel cel = environment(selfType, types);
      for (JsonNode rule : rules) {
        ruleCount++;
        String text = rule.path("rule").asText();
        String where = path.isEmpty() ? "<root>" : path;
        try {
          CelAbstractSyntaxTree ast = cel.compile(text).getAst();
          if (!ast.getResultType().equals(SimpleType.BOOL)) {
            throw new IllegalStateException("the rule must return a bool");
          }
          CelRuntime.Program messageProgram = null;
          if (rule.hasNonNull("messageExpression")) {
            CelAbstractSyntaxTree messageAst =
                cel.compile(rule.get("messageExpression").asText()).getAst();
            if (!messageAst.getResultType().equals(SimpleType.STRING)) {
              throw new IllegalStateException("messageExpression must return a string");
            }
            messageProgram = cel.createProgram(messageAst);
          }
          compiled.add(
              new CompiledRule(
                  text,
                  cel.createProgram(ast),
                  messageProgram,
                  rule.path("message").asText(""),
                  rule.path("fieldPath").asText(""),
                  rule.hasNonNull("reason")
                      ? FieldError.Type.fromReason(rule.get("reason").asText())
                      : FieldError.Type.INVALID));
        } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
          failures.add(where + ": " + text + "\n  " + e.getMessage().replace("\n", "\n  "));
        }
      }
      rulesBySchemaNode.put(schema, compiled);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String childPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      compileAll(property.getValue(), childPath, false, failures);
    }
    compileAll(schema.get("items"), path + "[*]", false, failures);
    compileAll(schema.get("additionalProperties"), path + "[*]", false, failures);
  }

  /** A struct name that cannot be mistaken for an expression ({@code self...}). */
  private static String typeName(String path) {
    return path.isEmpty() ? "k8s.schema" : "k8s.schema." + path.replace("[*]", "_items");
  }

  private static Cel environment(CelType selfType, TypeRegistry types) {
    return CelFactory.standardCelBuilder()
        .setOptions(CelOptions.current().build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addVar(SELF, selfType)
        .addCompilerLibraries(CelExtensions.strings())
        .addRuntimeLibraries(CelExtensions.strings())
        .build();
  }

  /**
   * CEL types for schema nodes, as Kubernetes derives them (objects with properties as structs).
   */
  private static final class TypeRegistry implements CelTypeProvider {
    private final Map<String, CelType> structs = new LinkedHashMap<>();

    CelType typeOf(JsonNode schema, String name, boolean root) {
      if (schema == null || schema.isMissingNode()) {
        return SimpleType.DYN;
      }
      if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
        return SimpleType.DYN;
      }
      String type = schema.path("type").asText("");
      switch (type) {
        case "string":
          return SimpleType.STRING;
        case "integer":
          return SimpleType.INT;
        case "number":
          return SimpleType.DOUBLE;
        case "boolean":
          return SimpleType.BOOL;
        case "array":
          return ListType.create(typeOf(schema.get("items"), name + "_items", false));
        default:
          break;
      }
      JsonNode properties = schema.path("properties");
      if (properties.isObject() && !properties.isEmpty() || root) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> property = it.next();
          fields.put(
              property.getKey(),
              typeOf(property.getValue(), name + "_" + property.getKey(), false));
        }
        if (root) {
          // At the root, rules see apiVersion, kind and metadata.name/generateName.
          fields.putIfAbsent("apiVersion", SimpleType.STRING);
          fields.putIfAbsent("kind", SimpleType.STRING);
          fields.putIfAbsent("metadata", MapType.create(SimpleType.STRING, SimpleType.STRING));
        }
        StructType struct =
            StructType.create(
                name,
                ImmutableSet.copyOf(fields.keySet()),
                f -> Optional.ofNullable(fields.get(f)));
        structs.put(name, struct);
        return struct;
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        return MapType.create(SimpleType.STRING, typeOf(additional, name + "_values", false));
      }
      return SimpleType.DYN;
    }

    @Override
    public ImmutableCollection<CelType> types() {
      return ImmutableList.copyOf(structs.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(structs.get(typeName));
    }
  }

  /** The value as CEL sees it: maps, lists, longs, doubles (where the schema says number). */
  private static Object toCel(JsonNode value, JsonNode schema, boolean root) {
    if (value == null || value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      JsonNode properties = schema == null ? null : schema.path("properties");
      JsonNode additional = schema == null ? null : schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (root && field.getKey().equals("metadata")) {
          Map<String, Object> metadata = new LinkedHashMap<>();
          for (String name : List.of("name", "generateName")) {
            if (field.getValue().hasNonNull(name)) {
              metadata.put(name, field.getValue().get(name).asText());
            }
          }
          map.put("metadata", metadata);
          continue;
        }
        JsonNode child =
            properties != null && properties.has(field.getKey())
                ? properties.get(field.getKey())
                : additional;
        map.put(field.getKey(), toCel(field.getValue(), child, false));
      }
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      JsonNode items = schema == null ? null : schema.get("items");
      value.forEach(item -> list.add(toCel(item, items, false)));
      return list;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      boolean declaredNumber = schema != null && "number".equals(schema.path("type").asText());
      return value.isIntegralNumber() && !declaredNumber ? value.longValue() : value.doubleValue();
    }
    return value.asText();
  }
}
