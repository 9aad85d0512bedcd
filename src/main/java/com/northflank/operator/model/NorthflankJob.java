package com.northflank.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Northflank job declared in Git; the operator mirrors its live state into the status. */
@Group(NorthflankJob.GROUP)
@Version(NorthflankJob.VERSION)
@Kind("NorthflankJob")
@Plural("northflankjobs")
@Singular("northflankjob")
@ShortNames({"nfjob", "nfjobs"})
@Categories("northflank")
@AdditionalPrinterColumn(name = "Project", jsonPath = ".spec.projectId")
@AdditionalPrinterColumn(name = "Job", jsonPath = ".spec.jobId")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".status.jobType")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".status.schedule")
@AdditionalPrinterColumn(
    name = "Suspended",
    jsonPath = ".status.suspended",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Drifted",
    jsonPath = ".status.conditions[?(@.type==\"Drifted\")].status")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Last-Run", jsonPath = ".status.lastRun.status")
@AdditionalPrinterColumn(
    name = "Last-Run-Started",
    jsonPath = ".status.lastRun.startedAt",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".status.cluster.name", priority = 1)
@AdditionalPrinterColumn(
    name = "Runtime-Namespace",
    jsonPath = ".status.cluster.namespace",
    priority = 1)
@AdditionalPrinterColumn(name = "Drift-Policy", jsonPath = ".spec.driftPolicy", priority = 1)
public class NorthflankJob extends CustomResource<NorthflankJobSpec, NorthflankJobStatus>
    implements Namespaced {

  public static final String GROUP = "northflank.com";
  public static final String VERSION = "v1alpha1";
}
