package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.northflank.operator.client.NorthflankApiException;
import com.northflank.operator.client.NorthflankApiException.Kind;
import com.northflank.operator.client.ProjectRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export service against an in-memory API: what is read, what is written, exit codes. */
class ExportServiceTest {

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final FakeNorthflank api = new FakeNorthflank("default-project");

  @Test
  void everyJobOfEveryPageIsReadOnceAndWrittenInIdOrder() throws IOException {
    for (String id : List.of("job-c", "job-a", "job-e", "job-b", "job-d")) {
      api.job(job(id));
    }
    api.pageSize(2);

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isZero();
    assertThat(result.exported()).isEqualTo(5);
    assertThat(api.calls)
        .containsExactly(
            "list first per 100",
            "list 2 per 100",
            "list 4 per 100",
            "get job-a",
            "get job-b",
            "get job-c",
            "get job-d",
            "get job-e");
    List<JsonNode> documents = documents(stdout.toString(StandardCharsets.UTF_8));
    assertThat(documents)
        .extracting(d -> d.at("/spec/jobId").asText())
        .containsExactly("job-a", "job-b", "job-c", "job-d", "job-e");
    assertThat(documents).allSatisfy(d -> assertThat(Validate.errors(d)).isEmpty());
  }

  @Test
  void namedJobsAreReadWithoutListing() {
    api.job(job("job-a")).job(job("job-b")).job(job("job-c"));

    ExportResult result =
        export(request(List.of("job-c", "job-a", "job-c")), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isZero();
    assertThat(api.calls).containsExactly("get job-a", "get job-c");
  }

  @Test
  void oneFilePerJobAndTheSameBytesOnTheNextExport(@TempDir Path dir) throws IOException {
    api.job(LiveJobs.seed()).job(job("job-a"));

    export(request(List.of()), ExportTarget.directory(dir.resolve("jobs")));
    byte[] first = Files.readAllBytes(dir.resolve("jobs/example-job.yaml"));
    export(request(List.of()), ExportTarget.directory(dir.resolve("jobs")));

    try (Stream<Path> files = Files.list(dir.resolve("jobs"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("example-job.yaml", "job-a.yaml");
    }
    assertThat(Files.readAllBytes(dir.resolve("jobs/example-job.yaml"))).isEqualTo(first);
    assertThat(new String(first, StandardCharsets.UTF_8))
        .isEqualTo(
            ResourceYaml.write(
                new JobResourceBuilder(new ProjectRef(null, "default-project"), "team-a", null)
                    .resource("example-job", new SpecJobMapper().map(LiveJobs.seed()).job())));
  }

  /** Manifests for Git: readable by all (0644), not the 0600 of a temporary file. */
  @Test
  void filesAreWrittenWithMode0644(@TempDir Path dir) throws IOException {
    assumeTrue(
        Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "POSIX modes");
    api.job(job("job-a"));
    Path old = Files.createDirectories(dir.resolve("jobs")).resolve("job-a.yaml");
    Files.writeString(old, "from an earlier export");
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-------"));

    export(request(List.of()), ExportTarget.directory(dir.resolve("jobs")));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aJobThatVanishedIsReportedAndTheOthersAreStillExported() {
    api.job(job("job-a")).job(job("job-b")).job(job("job-c"));
    api.failGet(
        "job-b",
        FakeNorthflank.failure(
            Kind.NOT_FOUND,
            "GET /v1/projects/{projectId}/jobs/{jobId} failed: HTTP 404: Job not found"));

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.exported()).isEqualTo(2);
    assertThat(result.failures())
        .singleElement()
        .asString()
        .startsWith("job job-b: ")
        .contains("HTTP 404");
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("error: job job-b: ");
  }

  @Test
  void aRefusedTokenStopsTheExportAtOnce() {
    api.job(job("job-a")).job(job("job-b")).job(job("job-c"));
    api.failGet(
        "job-a",
        FakeNorthflank.failure(
            Kind.UNAUTHORIZED, "GET /v1/projects/{projectId}/jobs/{jobId} failed: HTTP 401"));

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.exported()).isZero();
    assertThat(api.calls).containsExactly("list first per 100", "get job-a");
    assertThat(result.failures()).last().asString().isEqualTo("export stopped after 0 of 3 jobs");
  }

  /** After a 401 the last line is the cause and what to check, not "0 of 0 jobs written". */
  @Test
  void aRefusedTokenIsTheLastLineWithWhatToCheck() {
    api.job(job("job-a"));
    api.failList(
        FakeNorthflank.failure(
            Kind.UNAUTHORIZED,
            "GET /v1/projects/{projectId}/jobs (project default-project) failed: HTTP 401"));

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList())
        .containsSubsequence(
            "export: error: GET /v1/projects/{projectId}/jobs (project default-project) failed:"
                + " HTTP 401",
            "export: stopped: the API refused the token (Unauthorized): check that"
                + " NORTHFLANK_API_TOKEN, or the file --token-file names, holds a Northflank API"
                + " token that is current and not revoked; 0 jobs written to standard output,"
                // the in-memory API tells no ledger of its calls
                + " 0 requests")
        .noneSatisfy(line -> assertThat(line).contains("0 of 0 jobs"));
  }

  @Test
  void aFailedListingWritesNothing() {
    api.job(job("job-a"));
    api.failList(
        FakeNorthflank.failure(
            Kind.NOT_FOUND,
            "GET /v1/projects/{projectId}/jobs (project default-project) failed: HTTP 404"));

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(stdout.size()).isZero();
    assertThat(result.failures()).singleElement().asString().contains("(project default-project)");
  }

  @Test
  void aTransientFailureIsRetried() {
    api.job(job("job-a"));
    api.failGet(
        "job-a",
        new NorthflankApiException(
            Kind.UNAVAILABLE,
            "GET failed: HTTP 503",
            OptionalInt.of(503),
            Optional.of(Duration.ofMillis(20)),
            null));

    ExportResult result = export(request(List.of("job-a")), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isZero();
    assertThat(api.calls).containsExactly("get job-a", "get job-a");
  }

  @Test
  void aJobIdTheCrdCannotHoldIsReportedWithoutReadingIt() {
    api.job(job("job-a")).job(job("bad.id"));

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.exported()).isEqualTo(1);
    assertThat(api.calls).doesNotContain("get bad.id");
    assertThat(result.failures())
        .singleElement()
        .asString()
        .startsWith("job bad.id: the ID cannot be spec.jobId");
  }

  @Test
  void leftOutFieldsAreNamedOnStderrAndTheResourceIsStillWritten() {
    ObjectNode live = job("job-a");
    live.putArray("tags").add("2024-q1");
    api.job(live);

    ExportResult result = export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(result.exitCode()).isZero();
    assertThat(result.omitted()).isEqualTo(1);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("export: job job-a: left out spec.job.tags: item 1: '2024-q1' does not match");
    assertThat(
            documents(stdout.toString(StandardCharsets.UTF_8)).get(0).at("/spec/job").has("tags"))
        .isFalse();
  }

  @Test
  void theSummaryCountsJobsAndRequests() {
    api.job(job("job-a")).job(job("job-b"));

    export(request(List.of()), ExportTarget.stream(stdout));

    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("export: listing the jobs of project default-project")
        .contains("export: 2 jobs to read in project default-project")
        .contains("export: 2 of 2 jobs written to standard output");
  }

  private ExportResult export(ExportRequest request, ExportTarget target) {
    return new ExportService(
            api.reads(), new PrintStream(stderr, true, StandardCharsets.UTF_8), Clock.systemUTC())
        .export(request, target);
  }

  private static ExportRequest request(List<String> jobs) {
    return ExportRequest.of(null, "default-project", jobs, "team-a", null);
  }

  private static ObjectNode job(String id) {
    ObjectNode job = LiveJobs.minimal();
    job.put("id", id);
    job.put("name", "Job " + id);
    return job;
  }

  private static List<JsonNode> documents(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try {
      new YAMLMapper()
          .readValues(new YAMLMapper().getFactory().createParser(yaml), JsonNode.class)
          .forEachRemaining(documents::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return documents;
  }
}
