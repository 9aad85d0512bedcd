package com.northflank.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step run right after the CRD generator: puts the printer columns in the order they are
 * declared on {@link NorthflankJob}. fabric8 7.5 sorts them by JSON path (fabric8 issue #7454),
 * which would make {@code kubectl get nfjob} start with AGE.
 */
public final class PrinterColumnOrder {

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException {
    Path crdFile = Path.of(args[0]);
    String generated = Files.readString(crdFile, StandardCharsets.UTF_8);
    CustomResourceDefinition crd =
        Serialization.unmarshal(generated, CustomResourceDefinition.class);
    List<String> declared =
        Arrays.stream(NorthflankJob.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    crd.getSpec()
        .getVersions()
        .forEach(
            version ->
                version
                    .getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> declared.indexOf(c.getName()))));
    String header =
        generated.startsWith("#") ? generated.substring(0, generated.indexOf('\n') + 1) : "";
    Files.writeString(crdFile, header + Serialization.asYaml(crd), StandardCharsets.UTF_8);
  }
}
