package com.northflank.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.northflank.operator.model.NorthflankJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The served version of a CustomResourceDefinition that validation needs: its identity (group,
 * version, kind) and its structural OpenAPI v3 schema.
 */
public record CrdSchema(String group, String version, String kind, JsonNode openApiV3Schema) {

  /** Where the CRD generator puts the NorthflankJob CRD, inside the jar as in target/classes. */
  public static final String NORTHFLANK_JOB_CRD =
      "/META-INF/fabric8/northflankjobs." + NorthflankJob.GROUP + "-v1.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Read once: every caller holds resources against the same schema. */
  private static final class Shipped {
    static final CrdSchema NORTHFLANK_JOB = load();
  }

  /** The NorthflankJob CRD shipped in the jar, exactly as generated from the model. */
  public static CrdSchema northflankJob() {
    return Shipped.NORTHFLANK_JOB;
  }

  private static CrdSchema load() {
    try (InputStream crd = CrdSchema.class.getResourceAsStream(NORTHFLANK_JOB_CRD)) {
      if (crd == null) {
        throw new IllegalStateException("CRD not on the classpath: " + NORTHFLANK_JOB_CRD);
      }
      return of(YAML.readTree(crd));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the first served version of a CRD given as a tree (YAML or JSON). */
  public static CrdSchema of(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode served = null;
    for (JsonNode version : spec.path("versions")) {
      if (version.path("served").asBoolean(true)) {
        served = version;
        break;
      }
    }
    if (served == null || !served.at("/schema/openAPIV3Schema").isObject()) {
      throw new IllegalArgumentException("the CRD has no served version with an openAPIV3Schema");
    }
    return new CrdSchema(
        spec.path("group").asText(),
        served.path("name").asText(),
        spec.path("names").path("kind").asText(),
        served.at("/schema/openAPIV3Schema"));
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** The schema of {@code spec}. */
  public JsonNode spec() {
    return openApiV3Schema.path("properties").path("spec");
  }

  /** The schema of {@code spec.job}. */
  public JsonNode job() {
    return spec().path("properties").path("job");
  }

  /** The schema at a dotted path below {@code spec}, e.g. {@code credentials.secretRef.name}. */
  public JsonNode specField(String dottedPath) {
    JsonNode node = spec();
    for (String part : dottedPath.split("\\.")) {
      node = node.path("properties").path(part);
    }
    if (node.isMissingNode()) {
      throw new IllegalArgumentException("the CRD has no spec." + dottedPath);
    }
    return node;
  }
}
