package com.northflank.operator.gitops;

import com.northflank.operator.validation.CrdSchema;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.drift.DriftRules;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.OwnershipTag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a live job (the {@code data} object of Get Job) into the {@code spec.job} that declares it:
 * every field {@link JobDefinition} has, and nothing else, so server-owned and unknown fields drop
 * out. The CRD generated from the same model decides what each value may be; what it would refuse
 * is left out and reported ({@link Omission}), so that every export passes {@code validate}.
 *
 * <p>Output is canonical, so the same live state always gives the same bytes: keys in the model's
 * declaration order, enum values in the casing the CRD lists first ({@code Allow}, not {@code
 * allow}; only for fields whose drift ignores case), set-like lists sorted and without duplicates,
 * whole numbers as integers, and objects that declare nothing left out. Empty lists stay: "no tags"
 * is a declaration too, and drift treats it as matching a job that leaves the list out.
 *
 * <p>Stateless, so one instance can be shared.
 */
public final class SpecJobMapper {

  /** The schema keywords this mapper honours; a test fails if the CRD starts using another. */
  static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "properties",
          "items",
          "enum",
          "pattern",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "maxItems",
          // descriptive only: minimum and maximum carry the bounds it names
          "format",
          "description",
          "x-kubernetes-validations");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What an export declares for one live job. */
  public record Mapping(ObjectNode job, List<Omission> omissions) {
    public Mapping {
      omissions = List.copyOf(omissions);
    }
  }

  private final JsonNode schema;

  public SpecJobMapper() {
    this(CrdSchema.northflankJob().job());
  }

  SpecJobMapper(JsonNode jobSchema) {
    this.schema = jobSchema;
  }

  /**
   * @param live the {@code data} object of a Get Job response
   * @throws IllegalArgumentException when the live job cannot be expressed in the model at all (a
   *     value outside the Java type's range); the message names no value
   */
  public Mapping map(JsonNode live) {
    List<Omission> omissions = new ArrayList<>();
    ObjectNode job =
        live != null && live.isObject() ? object("", live, schema, omissions) : NODES.objectNode();
    if (job.path("tags").isArray()) {
      // the operator's ownership tag is its mark on the job, not something Git declares
      ArrayNode kept = NODES.arrayNode();
      job.get("tags").forEach(t -> {
        if (!OwnershipTag.isOwnershipTag(t)) {
          kept.add(t);
        }
      });
      job.set("tags", kept);
    }
    omissions.addAll(CrossFieldRules.apply(job));
    dropEmptyObjects(job);
    omissions.sort(Comparator.comparing(Omission::field));
    return new Mapping(inModelOrder(job), omissions);
  }

  private ObjectNode object(
      String path, JsonNode live, JsonNode objectSchema, List<Omission> omissions) {
    ObjectNode declared = NODES.objectNode();
    for (Map.Entry<String, JsonNode> property : objectSchema.path("properties").properties()) {
      String name = property.getKey();
      JsonNode value = live.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      String at = path.isEmpty() ? name : path + "." + name;
      try {
        JsonNode accepted = value(at, value, property.getValue(), omissions);
        if (accepted != null) {
          declared.set(name, accepted);
        }
      } catch (SchemaValues.Rejected e) {
        omissions.add(new Omission(at, e.getMessage()));
      }
    }
    return declared;
  }

  /** The accepted value, null for an object that declares nothing. */
  private JsonNode value(
      String path, JsonNode value, JsonNode valueSchema, List<Omission> omissions)
      throws SchemaValues.Rejected {
    String type = valueSchema.path("type").asText();
    if (type.equals("object")) {
      if (!value.isObject()) {
        throw new SchemaValues.Rejected("the CRD wants an object, not " + SchemaValues.kind(value));
      }
      ObjectNode declared = object(path, value, valueSchema, omissions);
      return declared.isEmpty() ? null : declared;
    }
    if (type.equals("array")) {
      return list(path, value, valueSchema);
    }
    return SchemaValues.accept(value, valueSchema, DriftRules.ENUM_FIELDS.contains(path));
  }

  /** A list is declared whole or not at all: part of a set would read as drift. */
  private ArrayNode list(String path, JsonNode value, JsonNode listSchema)
      throws SchemaValues.Rejected {
    if (!value.isArray()) {
      throw new SchemaValues.Rejected("the CRD wants a list, not " + SchemaValues.kind(value));
    }
    JsonNode itemSchema = listSchema.path("items");
    List<JsonNode> items = new ArrayList<>();
    int index = 0;
    for (JsonNode item : value) {
      index++;
      try {
        items.add(SchemaValues.accept(item, itemSchema, false));
      } catch (SchemaValues.Rejected e) {
        throw new SchemaValues.Rejected("item " + index + ": " + e.getMessage());
      }
    }
    if (DriftRules.SET_LIKE_LISTS.contains(path)) {
      items = items.stream().distinct().sorted(Comparator.comparing(JsonNode::asText)).toList();
    }
    if (listSchema.has("maxItems") && items.size() > listSchema.get("maxItems").asInt()) {
      throw new SchemaValues.Rejected(
          items.size() + " items, more than the CRD's maximum of " + listSchema.get("maxItems"));
    }
    ArrayNode list = NODES.arrayNode();
    items.forEach(list::add);
    return list;
  }

  /** Objects a rule or a rejection emptied declare nothing: leave them out too. */
  private static void dropEmptyObjects(ObjectNode object) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
        it.hasNext(); ) {
      JsonNode value = it.next().getValue();
      if (value instanceof ObjectNode child) {
        dropEmptyObjects(child);
        if (child.isEmpty()) {
          it.remove();
        }
      }
    }
  }

  /**
   * Through the model and back: the model's declaration order, and proof that spec.job holds
   * exactly what {@link JobDefinition} can carry.
   */
  private static ObjectNode inModelOrder(ObjectNode job) {
    try {
      return JSON.valueToTree(JSON.treeToValue(job, JobDefinition.class));
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(
          "the live job's " + path(e) + " does not fit the NorthflankJob model (out of range)");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the live job does not fit the NorthflankJob model");
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(JsonMappingException.Reference::getFieldName)
        .filter(Objects::nonNull)
        .collect(Collectors.joining("."));
  }
}
