package com.northflank.operator.gitops;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.drift.DriftReport;
import com.northflank.operator.gitops.ResourceDiff.Result;
import com.northflank.operator.gitops.ResourceFiles.Document;
import com.northflank.operator.gitops.ResourceFiles.Entry;
import com.northflank.operator.gitops.ResourceFiles.Unreadable;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.client.JobRef;
import com.northflank.operator.client.JobSnapshot;
import com.northflank.operator.client.NorthflankApiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code diff}: for each NorthflankJob in the given files, reads the live job and reports its drift
 * exactly as the operator does: the same comparator on the same trees ({@code spec.job} as the
 * model reads it, which drops what the API server would prune; the live {@code data} as received).
 *
 * <p>Every resource is read with the operator-wide token: a {@code spec.credentials} Secret lives
 * in a cluster diff does not have. A token the API refuses (401) would be refused for every
 * resource, and an API that cannot be reached cannot be reached for any, so after the first such
 * failure the remaining resources are reported without a request (or a connect timeout) each.
 *
 * <p>Documents of other kinds are skipped in directories, where a GitOps repository keeps its
 * kustomizations and Secrets beside the jobs; in a file the user named, they are errors.
 */
public final class DiffService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BudgetedReads reads;
  private final DriftComparator comparator = new DriftComparator();

  public DiffService(BudgetedReads reads) {
    this.reads = reads;
  }

  public DiffReport diff(List<Path> inputs) {
    List<ResourceDiff> resources = new ArrayList<>();
    List<DiffReport.Skipped> skipped = new ArrayList<>();
    WholeApiFailure refusal = new WholeApiFailure();
    for (Entry entry : ResourceFiles.read(inputs)) {
      if (entry instanceof Unreadable unreadable) {
        resources.add(
            failed(unreadable.file().toString(), unreadable.file(), null, unreadable.problem()));
        continue;
      }
      Document document = (Document) entry;
      String kind = document.tree().path("kind").asText("");
      if (!kind.equals(JobResourceBuilder.KIND)) {
        String what = kind.isEmpty() ? "has no kind" : "is a " + kind;
        if (document.named()) {
          resources.add(failed(document, what + ", not a NorthflankJob"));
        } else {
          skipped.add(new DiffReport.Skipped(document.source(), what));
        }
        continue;
      }
      resources.add(diff(document, refusal));
    }
    if (resources.isEmpty()) {
      String where = inputs.stream().map(Path::toString).collect(Collectors.joining(", "));
      resources.add(failed(where, null, null, "no NorthflankJob found"));
    }
    return new DiffReport(resources, skipped);
  }

  /**
   * The first resource whose read found the API refusing the token (401) or not reachable, once
   * there is one.
   */
  private static final class WholeApiFailure {
    String at;
    boolean unreachable;

    /** Why a resource after it is not read. */
    String notRead() {
      return unreachable
          ? "not read: the API cannot be reached (see " + at + ")"
          : "not read: the API refused the token for " + at;
    }
  }

  private ResourceDiff diff(Document document, WholeApiFailure refusal) {
    String apiVersion = document.tree().path("apiVersion").asText("");
    if (!apiVersion.equals(JobResourceBuilder.API_VERSION)) {
      return failed(
          document,
          "apiVersion '"
              + apiVersion
              + "' is not served; NorthflankJob is "
              + JobResourceBuilder.API_VERSION);
    }
    NorthflankJob job;
    try {
      job = JSON.treeToValue(document.tree(), NorthflankJob.class);
    } catch (JsonMappingException e) {
      return failed(document, "not a valid NorthflankJob: " + path(e) + " has the wrong type");
    } catch (Exception e) {
      return failed(document, "not a valid NorthflankJob");
    }
    String name = job.getMetadata() == null ? null : job.getMetadata().getName();
    String namespace = job.getMetadata() == null ? null : job.getMetadata().getNamespace();
    NorthflankJobSpec spec = job.getSpec();
    if (spec == null || isBlank(spec.projectId()) || isBlank(spec.jobId())) {
      return resource(
          document,
          namespace,
          name,
          spec,
          Result.ERROR,
          List.of(),
          "spec.projectId and spec.jobId are required");
    }
    if (refusal.at != null) {
      return resource(document, namespace, name, spec, Result.ERROR, List.of(), refusal.notRead());
    }
    JobSnapshot live;
    try {
      live = reads.getJob(new JobRef(spec.teamId(), spec.projectId(), spec.jobId()));
    } catch (NorthflankApiException e) {
      if (e.kind() == NorthflankApiException.Kind.NOT_FOUND && spec.creates()) {
        // what the operator would create: every declared field, against a job that is not there
        DriftReport toCreate = comparator.compare(JSON.valueToTree(spec.job()), null);
        return resource(
                document, namespace, name, spec, Result.DRIFTED, toCreate.differences(), null)
            .toBeCreated();
      }
      ResourceDiff failure =
          resource(
              document, namespace, name, spec, Result.ERROR, List.of(), ReadFailures.explain(e));
      if (ReadFailures.failsEveryRead(e)) {
        refusal.at = failure.resource();
        refusal.unreachable = e.connectionFailed();
      }
      return failure;
    } catch (IllegalArgumentException e) {
      // an ID JobRef refuses (blank); the schema would have caught it in a cluster
      return resource(document, namespace, name, spec, Result.ERROR, List.of(), e.getMessage());
    }
    JsonNode desired = JSON.valueToTree(spec.job());
    DriftReport drift = comparator.compare(desired, live.document());
    return resource(
        document,
        namespace,
        name,
        spec,
        drift.drifted() ? Result.DRIFTED : Result.IN_SYNC,
        drift.differences(),
        null);
  }

  private static ResourceDiff resource(
      Document document,
      String namespace,
      String name,
      NorthflankJobSpec spec,
      Result result,
      List<FieldDrift> drift,
      String error) {
    return new ResourceDiff(
        document.source(),
        document.file().toString(),
        document.document(),
        namespace,
        name,
        spec == null ? null : spec.projectId(),
        spec == null ? null : spec.jobId(),
        spec == null ? null : spec.teamId(),
        result,
        drift,
        error,
        spec != null && spec.credentials() != null,
        false);
  }

  private static ResourceDiff failed(Document document, String error) {
    return failed(document.source(), document.file(), document.document(), error);
  }

  private static ResourceDiff failed(String source, Path file, Integer document, String error) {
    return new ResourceDiff(
        source,
        file == null ? null : file.toString(),
        document,
        null,
        null,
        null,
        null,
        null,
        Result.ERROR,
        List.of(),
        error,
        false,
        false);
  }

  private static String path(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .filter(Objects::nonNull)
            .collect(Collectors.joining("."));
    return path.isEmpty() ? "the document" : path.replace(".[", "[");
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
