package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.gitops.ResourceDiff.Result;
import com.northflank.operator.model.FieldDrift;
import com.northflank.operator.client.NorthflankApiException.Kind;
import com.northflank.operator.client.ProjectRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff against an in-memory API: what it reports, and its exit codes. */
class DiffServiceTest {

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata: {name: northflank-api}
      stringData: {token: x}
      """;

  @TempDir Path dir;

  private final FakeNorthflank api =
      new FakeNorthflank("default-project").job(LiveJobs.seed()).job(LiveJobs.minimal());
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void anExportedResourceIsInSync_exit0() throws IOException {
    Path file = write("example-job.yaml", exported("example-job", "demo"));

    DiffReport report = diff(file);

    assertThat(report.exitCode()).isZero();
    assertThat(report.resources())
        .singleElement()
        .satisfies(
            resource -> {
              assertThat(resource.result()).isEqualTo(Result.IN_SYNC);
              assertThat(resource.resource()).isEqualTo("northflankjob demo/example-job");
            });
  }

  @Test
  void aLiveChangeIsDriftAsTheOperatorReportsIt_exit1() throws IOException {
    Path file = write("example-job.yaml", exported("example-job", null));
    ObjectNode cron = (ObjectNode) api.live("example-job").at("/settings/cron");
    cron.put("schedule", "0 * * * *");
    api.live("example-job").put("name", "Renamed in the console");

    DiffReport report = diff(file);

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.resources().get(0).drift())
        .containsExactly(
            new FieldDrift("name", "Example Job", "Renamed in the console", false),
            new FieldDrift("settings.cron.schedule", "30 8 * * *", "0 * * * *", true));
  }

  @Test
  void aMissingJobIsAnErrorNamingFileAndResource_exit2() throws IOException {
    Path file =
        write(
            "gone.yaml",
            exported("example-job", "demo").replace("jobId: \"example-job\"", "jobId: \"gone\""));

    DiffReport report = diff(file);

    assertThat(report.exitCode()).isEqualTo(2);
    DiffPrinter.text(report, print(out), print(err));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: "
                + file
                + ": northflankjob demo/example-job: GET /v1/projects/{projectId}/jobs/{jobId}"
                + " failed: HTTP 404: Job not found\n");
  }

  @Test
  void aMissingJobTheResourceWouldCreateIsPrintedAsWhatWouldBeCreated_exit1()
      throws IOException {
    Path file =
        write(
            "to-create.yaml",
            exported("example-job", "demo")
                .replace("jobId: \"example-job\"", "jobId: \"example-job-2\"")
                .replace("spec:\n", "spec:\n  creationPolicy: IfAbsent\n"));

    DiffReport report = diff(file);

    assertThat(report.exitCode()).isEqualTo(1);
    ResourceDiff resource = report.resources().get(0);
    assertThat(resource.wouldCreate()).isTrue();
    assertThat(resource.drift())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.actual()).isEqualTo(FieldDrift.ABSENT));
    DiffPrinter.text(report, print(out), print(err));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("not found; the operator would create it")
        .contains("@@ name");
  }

  @Test
  void aRefusedTokenIsAnError_andTheRestIsNotRead_exit2() throws IOException {
    Path first = write("a.yaml", exported("example-job", null));
    Path second = write("b.yaml", exported("bare-job", null));
    api.failGet(
        "example-job",
        FakeNorthflank.failure(
            Kind.UNAUTHORIZED, "GET /v1/projects/{projectId}/jobs/{jobId} failed: HTTP 401"));

    DiffReport report = diff(first, second);

    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(api.calls).containsExactly("get example-job");
    assertThat(report.resources().get(1).error())
        .isEqualTo("not read: the API refused the token for northflankjob example-job");
  }

  @Test
  void filesThatCannotBeReadAreErrors_exit2() throws IOException {
    Path broken = write("broken.yaml", "spec: [unclosed\n");
    Path missing = dir.resolve("missing.yaml");

    DiffReport report = diff(broken, missing);

    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.resources())
        .extracting(ResourceDiff::error)
        .satisfiesExactly(
            broke -> assertThat(broke).startsWith("not valid YAML at line 1, column 16: "),
            gone -> assertThat(gone).isEqualTo("no such file or directory"));
  }

  @Test
  void aNamedFileOfAnotherKindIsAnError_exit2() throws IOException {
    Path secret = write("secret.yaml", SECRET);

    DiffReport report = diff(secret);

    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.resources().get(0).error()).isEqualTo("is a Secret, not a NorthflankJob");
  }

  @Test
  void inADirectoryOtherKindsAreSkipped_recursively() throws IOException {
    write("jobs/team-a/example-job.yaml", exported("example-job", null));
    write("jobs/secret.yaml", SECRET);
    write("jobs/kustomization.yaml", "resources: [team-a/example-job.yaml]\n");
    write("jobs/.git/config.yaml", "not: a resource\n");
    write("jobs/README.md", "# not a manifest\n");

    DiffReport report = diff(dir.resolve("jobs"));

    assertThat(report.exitCode()).isZero();
    assertThat(report.resources()).hasSize(1);
    assertThat(report.skipped())
        .extracting(DiffReport.Skipped::reason)
        .containsExactly("has no kind", "is a Secret");
  }

  @Test
  void jsonMultipleDocumentsAndKubectlListsAreRead() throws IOException {
    JsonNode seed = resourceTree("example-job");
    JsonNode bare = resourceTree("bare-job");
    Path json = write("jobs.json", seed.toString() + "\n" + bare.toString());
    Path list =
        write(
            "list.yaml",
            "apiVersion: v1\nkind: List\nitems:\n- " + bare.toString() + "\n- " + seed + "\n");
    Path stream = write("stream.yaml", "---\n" + exported("example-job", null) + "---\n# end\n");

    DiffReport report = diff(json, list, stream);

    assertThat(report.exitCode()).isZero();
    assertThat(report.resources())
        .extracting(ResourceDiff::source)
        .containsExactly(
            json + " (document 1)",
            json + " (document 2)",
            list + " item 1",
            list + " item 2",
            stream.toString());
  }

  @Test
  void aWrongApiVersionOrAMissingJobIdIsAnError() throws IOException {
    Path version = write("v1.yaml", exported("example-job", null).replace("v1alpha1", "v1"));
    Path noJob = write("nojob.yaml", exported("example-job", null).replace("jobId:", "jobIdx:"));

    DiffReport report = diff(version, noJob);

    assertThat(report.resources())
        .extracting(ResourceDiff::error)
        .containsExactly(
            "apiVersion 'northflank.com/v1' is not served; NorthflankJob is"
                + " northflank.com/v1alpha1",
            "spec.projectId and spec.jobId are required");
  }

  @Test
  void nothingToCompareIsAnError() {
    DiffReport report = diff(dir);

    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.resources().get(0).error()).isEqualTo("no NorthflankJob found");
  }

  @Test
  void errorsOutrankDriftInTheExitCode() throws IOException {
    Path drifted = write("a.yaml", exported("example-job", null));
    api.live("example-job").put("description", "changed");
    Path missing = dir.resolve("missing.yaml");

    assertThat(diff(drifted).exitCode()).isEqualTo(1);
    assertThat(diff(drifted, missing).exitCode()).isEqualTo(2);
  }

  @Test
  void theTextReportReadsLikeKubectlDiff() throws IOException {
    Path file = write("example-job.yaml", exported("example-job", "demo"));
    Path other = write("bare-job.yaml", exported("bare-job", "demo"));
    ((ObjectNode) api.live("example-job").at("/settings/cron")).put("concurrencyPolicy", "Forbid");
    api.live("example-job").put("name", "Renamed");

    DiffPrinter.text(diff(file, other), print(out), print(err));

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "--- live: northflankjob demo/example-job (project default-project, job example-job)\n"
                + "+++ spec.job: "
                + file
                + "\n"
                + "@@ name (not correctable: change it in Northflank) @@\n"
                + "-Renamed\n"
                + "+Example Job\n"
                + "@@ settings.cron.concurrencyPolicy (correctable) @@\n"
                + "-Forbid\n"
                + "+Allow\n"
                + "in sync: northflankjob demo/bare-job ("
                + other
                + ")\n"
                + "Summary: 1 in sync, 1 drifted (2 fields, 1 correctable), 0 errors\n");
    assertThat(err.size()).isZero();
  }

  @Test
  void theJsonReportHasAStableShape() throws IOException {
    Path file = write("example-job.yaml", exported("example-job", "demo"));
    api.live("example-job").put("name", "Renamed");

    DiffPrinter.json(diff(file, dir.resolve("missing.yaml")), print(out), print(err));

    JsonNode json = LiveJobs.parse(out.toString(StandardCharsets.UTF_8));
    assertThat(json.at("/resources/0"))
        .isEqualTo(
            LiveJobs.parse(
                "{\"file\": \""
                    + file
                    + "\", \"document\": 1, \"namespace\": \"demo\", \"name\": \"example-job\","
                    + " \"projectId\": \"default-project\", \"jobId\": \"example-job\","
                    + " \"result\": \"Drifted\", \"drift\": [{\"field\": \"name\","
                    + " \"desired\": \"Example Job\", \"actual\": \"Renamed\","
                    + " \"correctable\": false}]}"));
    assertThat(json.at("/resources/1/result").asText()).isEqualTo("Error");
    assertThat(json.at("/resources/1/error").asText()).isEqualTo("no such file or directory");
    assertThat(json.get("summary"))
        .isEqualTo(
            LiveJobs.parse(
                "{\"resources\": 2, \"inSync\": 0, \"drifted\": 1, \"errors\": 1,"
                    + " \"exitCode\": 2}"));
  }

  @Test
  void aResourceWithCredentialsIsReadWithTheOperatorWideTokenAndSaysSo() throws IOException {
    Path file =
        write(
            "example-job.yaml",
            ResourceYaml.write(
                new JobResourceBuilder(
                        new ProjectRef(null, "default-project"), null, "northflank-api")
                    .resource("example-job", new SpecJobMapper().map(LiveJobs.seed()).job())));

    DiffReport report = diff(file);
    DiffPrinter.text(report, print(out), print(err));

    assertThat(report.resources().get(0).credentialsIgnored()).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[read with the operator-wide token, not spec.credentials]");
  }

  private DiffReport diff(Path... inputs) {
    return new DiffService(api.reads()).diff(List.of(inputs));
  }

  private String exported(String jobId, String namespace) {
    return ResourceYaml.write(resourceTree(jobId, namespace));
  }

  private JsonNode resourceTree(String jobId) {
    return resourceTree(jobId, null);
  }

  private JsonNode resourceTree(String jobId, String namespace) {
    return new JobResourceBuilder(new ProjectRef(null, "default-project"), namespace, null)
        .resource(jobId, new SpecJobMapper().map(api.live(jobId)).job());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private static PrintStream print(ByteArrayOutputStream buffer) {
    return new PrintStream(buffer, true, StandardCharsets.UTF_8);
  }
}
