package com.northflank.operator.model;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * Gives each integer property of a schema object the {@code format} its bounds fit, {@code int32}
 * or {@code int64}, for clients that generate code or documentation from the CRD. The CRD generator
 * has no annotation for it, and a merge-patch customizer would replace the whole property schema.
 * Used only when the CRD is generated ({@code @SchemaCustomizer(IntegerFormats.class)}); the
 * bounds themselves are {@link SchemaBounds}, and {@code CrdBoundsTest} checks both.
 */
public final class IntegerFormats implements SchemaCustomizer.Customizer {

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    if (schema.getProperties() == null) {
      return schema;
    }
    for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
      JSONSchemaProps value = property.getValue();
      if ("integer".equals(value.getType()) && value.getFormat() == null) {
        value.setFormat(fitsInt32(value) ? "int32" : "int64");
      }
    }
    return schema;
  }

  private static boolean fitsInt32(JSONSchemaProps value) {
    return value.getMaximum() != null
        && value.getMinimum() != null
        && value.getMaximum() <= Integer.MAX_VALUE
        && value.getMinimum() >= Integer.MIN_VALUE;
  }
}
