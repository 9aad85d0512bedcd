package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.northflank.operator.model.NorthflankJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI schema of the NorthflankJob CRD as generated from the model and shipped in the jar:
 * what {@code kubectl apply} and {@code validate} hold a resource against, so what an export must
 * satisfy.
 */
final class CrdSchema {

  /** Where the CRD generator puts the CRD, inside the jar as in target/classes. */
  static final String CRD_RESOURCE =
      "/META-INF/fabric8/northflankjobs." + NorthflankJob.GROUP + "-v1.yml";

  private static final CrdSchema SHIPPED = load();

  private final JsonNode spec;

  private CrdSchema(JsonNode spec) {
    this.spec = spec;
  }

  static CrdSchema shipped() {
    return SHIPPED;
  }

  /** The schema of {@code spec}. */
  JsonNode spec() {
    return spec;
  }

  /** The schema of {@code spec.job}. */
  JsonNode job() {
    return spec.path("properties").path("job");
  }

  /** The schema at a dotted path below {@code spec}, e.g. {@code credentials.secretRef.name}. */
  JsonNode specField(String dottedPath) {
    JsonNode node = spec;
    for (String part : dottedPath.split("\\.")) {
      node = node.path("properties").path(part);
    }
    if (node.isMissingNode()) {
      throw new IllegalArgumentException("the CRD has no spec." + dottedPath);
    }
    return node;
  }

  private static CrdSchema load() {
    try (InputStream in = CrdSchema.class.getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("CRD not on the classpath: " + CRD_RESOURCE);
      }
      JsonNode crd = new YAMLMapper().readTree(in);
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (NorthflankJob.VERSION.equals(version.path("name").asText())) {
          JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
          if (!spec.isObject()) {
            throw new IllegalStateException("the CRD has no schema for spec");
          }
          return new CrdSchema(spec);
        }
      }
      throw new IllegalStateException("the CRD has no version " + NorthflankJob.VERSION);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CRD_RESOURCE, e);
    }
  }
}
