package com.northflank.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
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
import java.util.Optional;

/** A Northflank job declared in Git; the operator mirrors its live state into the status. */
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\":\"A Northflank job declared in Git: the operator reads the live job"
            + " through the Northflank API, writes what it sees into status and flags drift from"
            + " spec.job, field by field.\"}")
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

  // Overridden for their descriptions in the CRD (kubectl explain nfjob.spec, nfjob.status).
  @Override
  @JsonPropertyDescription(
      "Which Northflank job the resource mirrors, the token to read it with, and the state it"
          + " should have.")
  public NorthflankJobSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last saw of the live job, how it differs from spec.job, its last run and"
          + " the conditions that sum it up; written by the operator. A failed read keeps what was"
          + " last seen.")
  public NorthflankJobStatus getStatus() {
    return super.getStatus();
  }

  @JsonIgnore private String unreadableSpec;
  @JsonIgnore private String unreadableStatus;
  @JsonIgnore private JsonNode unreadableStatusTree;

  /**
   * The spec as stored, read without failing: one resource whose spec the model cannot hold must
   * not fail the list or the watch it arrives in (that would stop the informer, and with it the
   * operator, for every namespace). Such a spec reads as null, and {@link #unreadableSpec} says why.
   */
  @JsonSetter("spec")
  void readSpec(JsonNode spec) {
    TolerantRead<NorthflankJobSpec> read = TolerantRead.of(spec, NorthflankJobSpec.class, "spec");
    setSpec(read.value());
    unreadableSpec = read.problem();
  }

  /** The status as stored, read as {@link #readSpec} reads the spec. */
  @JsonSetter("status")
  void readStatus(JsonNode status) {
    TolerantRead<NorthflankJobStatus> read =
        TolerantRead.of(status, NorthflankJobStatus.class, "status");
    setStatus(read.value());
    unreadableStatus = read.problem();
    unreadableStatusTree = read.problem() == null ? null : status;
  }

  /**
   * Why the stored spec could not be read (then {@link #getSpec()} is null): the field and what it
   * should hold, never the value.
   */
  public Optional<String> unreadableSpec() {
    return Optional.ofNullable(unreadableSpec);
  }

  /** Why the stored status could not be read (then {@link #getStatus()} is null). */
  public Optional<String> unreadableStatus() {
    return Optional.ofNullable(unreadableStatus);
  }

  /**
   * The stored status as it is, when it could not be read: a status write must replace all of it,
   * the fields the model does not hold included.
   */
  public Optional<JsonNode> unreadableStatusTree() {
    return Optional.ofNullable(unreadableStatusTree);
  }
}
