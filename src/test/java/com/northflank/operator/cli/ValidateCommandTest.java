package com.northflank.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate -f ...} as a pull request check runs it. */
class ValidateCommandTest {

  private record Run(int code, String out, String err) {}

  @Test
  void theSamplesAreValid() {
    Run run = validate("-f", "deploy/samples/");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("northflank-api-secret.yaml: Secret/northflank-api: skipped, not a NorthflankJob")
        .contains("2 NorthflankJob(s) checked: all valid");
  }

  @Test
  void everyProblemIsPrintedWithFileResourceAndField(@TempDir Path dir) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("jobs/team-a"));
    Files.writeString(
        repo.resolve("jobs.yaml"),
        """
        apiVersion: northflank.com/v1alpha1
        kind: NorthflankJob
        metadata: {name: nightly}
        spec:
          projectId: default-project
          job: {jobType: manual, suspended: true}
        ---
        apiVersion: northflank.com/v1alpha1
        kind: NorthflankJob
        metadata: {name: fine}
        spec: {projectId: p, jobId: j}
        ---
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        """);
    Files.writeString(
        repo.resolve("typo.json"),
        """
        {"apiVersion": "northflank.com/v1alpha1", "kind": "NorthflankJob",
         "metadata": {"name": "typo"},
         "spec": {"projectId": "p", "jobId": "j", "job": {"jobtype": "cron"}}}
        """);
    Files.writeString(repo.resolve("README.md"), "not a manifest");

    Run run = validate("-f", dir.resolve("jobs").toString());

    String jobs = repo.resolve("jobs.yaml").toString();
    String typo = repo.resolve("typo.json").toString();
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            jobs + ": NorthflankJob/nightly: spec.jobId: Required value",
            jobs
                + ": NorthflankJob/nightly: spec.job: Invalid value: \"object\": suspended: true"
                + " applies only to cron jobs (jobType: cron)",
            typo + ": NorthflankJob/typo: spec.job.jobtype: field not declared in schema");
    assertThat(run.err()).contains("3 NorthflankJob(s) checked: 2 invalid");
  }

  @Test
  void theLifecycleFieldsAreChecked(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("created.yaml");
    Files.writeString(
        file,
        """
        apiVersion: northflank.com/v1alpha1
        kind: NorthflankJob
        metadata: {name: nightly}
        spec:
          projectId: default-project
          jobId: nightly-report
          creationPolicy: IfAbsent
          deletionPolicy: Delete
          job: {name: Weekly Report, billing: {deploymentPlan: nf-compute-20}}
          creation:
            deployment:
              external: {imagePath: "ghcr.io/acme/report:1.4"}
              internal: {id: report-build}
        """);

    Run run = validate("-f", file.toString());

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "NorthflankJob/nightly: spec: Invalid value: \"object\": "
                + com.northflank.operator.model.NorthflankJobSpec.CREATION_NEEDS)
        .contains("NorthflankJob/nightly: spec.job.name: Invalid value: \"object\": with a creationPolicy")
        .contains(
            "NorthflankJob/nightly: spec.creation.deployment: Invalid value: \"object\":"
                + " deployment needs exactly one source");
  }

  @Test
  void theLifecycleExampleIsValid() {
    Run run = validate("-f", "examples/lifecycle/");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
  }

  @Test
  void anUnreadableFileExitsTwo(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "kind: NorthflankJob\nspec: [unclosed\n");

    Run missing = validate("-f", dir.resolve("absent.yaml").toString());
    Run unparsable = validate("-f", broken.toString());

    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("absent.yaml: cannot read: no such file or directory");
    assertThat(unparsable.code()).isEqualTo(2);
    assertThat(unparsable.err()).contains("broken.yaml: cannot read:");
  }

  /** As diff says it: where the parser stopped, and no "all valid" beside it. */
  @Test
  void aFileThatDoesNotParseIsNamedWithLineAndColumn(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken,
        """
        apiVersion: northflank.com/v1alpha1
        kind: NorthflankJob
        metadata:
          name: x
          labels: [unclosed
        spec: {projectId: p, jobId: j}
        """);

    Run run = validate("-f", broken.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            broken
                + ": cannot read: not valid YAML at line 6, column 5: while parsing a flow"
                + " sequence",
            "0 NorthflankJob(s) checked; 1 file could not be read");
  }

  /** A check pointed at a directory without NorthflankJobs fails, as diff's does. */
  @Test
  void nothingToCheckExitsTwo(@TempDir Path dir) throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path others = Files.createDirectories(dir.resolve("others"));
    Files.writeString(
        others.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");

    Run none = validate("-f", empty.toString());
    Run onlyOthers = validate("-f", others.toString());

    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo("0 NorthflankJob(s) checked: no NorthflankJob found in " + empty + "\n");
    assertThat(onlyOthers.code()).isEqualTo(2);
    assertThat(onlyOthers.err())
        .contains("Secret/s: skipped, not a NorthflankJob")
        .contains("no NorthflankJob found in " + others)
        .doesNotContain("all valid");
  }

  private static Run validate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      String[] command = new String[args.length + 1];
      command[0] = "validate";
      System.arraycopy(args, 0, command, 1, args.length);
      code = Main.execute(command, Map.of());
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
