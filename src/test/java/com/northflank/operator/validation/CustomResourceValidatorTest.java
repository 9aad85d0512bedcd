package com.northflank.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CustomResourceValidatorTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path COMMITTED_CRD = Path.of("crds", "northflankjobs.northflank.com-v1.yml");
  private static final CustomResourceValidator VALIDATOR = CustomResourceValidator.northflankJob();

  /**
   * One row per CEL case: {@code spec.job} as YAML, and the message of the rule it breaks (null:
   * valid). Each rule of the CRD appears at least once each way; {@link
   * #everyRuleIsExercisedBothWays} checks that against the committed CRD.
   */
  static Stream<Arguments> celCases() {
    return Stream.of(
        cel(
            "cron settings on a cron job",
            "{jobType: cron, settings: {cron: {schedule: '0 * * * *'}}}",
            null,
            null),
        cel(
            "cron settings without a job type",
            "{settings: {cron: {schedule: '0 * * * *'}}}",
            null,
            null),
        cel(
            "cron settings on a manual job",
                "{jobType: manual, settings: {cron: {schedule: '0 * * * *'}}}",
            "spec.job", "settings.cron applies only to cron jobs (jobType: cron)"),
        cel("suspended on a cron job", "{jobType: cron, suspended: true}", null, null),
        cel("suspended: false on a manual job", "{jobType: manual, suspended: false}", null, null),
        cel(
            "suspended on a manual job", "{jobType: manual, suspended: true}",
            "spec.job", "suspended: true applies only to cron jobs (jobType: cron)"),
        cel(
            "buildpack settings with buildpack",
            "{buildEngineConfiguration: {buildEngine: buildpack, buildpack: {useCache: true}}}",
            null,
            null),
        cel(
            "buildpack settings with kaniko",
                "{buildEngineConfiguration: {buildEngine: kaniko, buildpack: {useCache: true}}}",
            "spec.job.buildEngineConfiguration",
                "buildpack settings apply only with buildEngine: buildpack"),
        cel(
            "buildkit settings with buildkit",
            "{buildEngineConfiguration: {buildEngine: buildkit, buildkit: {useCache: true}}}",
            null,
            null),
        cel(
            "buildkit settings with buildpack",
                "{buildEngineConfiguration: {buildEngine: buildpack, buildkit: {useCache: true}}}",
            "spec.job.buildEngineConfiguration",
                "buildkit settings apply only with buildEngine: buildkit"),
        cel(
            "kaniko settings with kaniko",
            "{buildEngineConfiguration: {buildEngine: kaniko, kaniko: {useCache: false}}}",
            null,
            null),
        cel(
            "kaniko settings without an engine",
            "{buildEngineConfiguration: {kaniko: {useCache: false}}}",
            null,
            null),
        cel(
            "kaniko settings with buildkit",
                "{buildEngineConfiguration: {buildEngine: buildkit, kaniko: {useCache: false}}}",
            "spec.job.buildEngineConfiguration",
                "kaniko settings apply only with buildEngine: kaniko"));
  }

  /** spec.syncInterval: from 10s (the default --min-sync-interval) to a day. */
  static Stream<Arguments> syncIntervalCases() {
    String refused = "syncInterval must be between 10s and 24h";
    return Stream.of(
        Arguments.of("10s", null),
        Arguments.of("10000ms", null),
        Arguments.of("1h30m", null),
        Arguments.of("24h", null),
        Arguments.of("1ms", refused),
        Arguments.of("9s", refused),
        Arguments.of("9999ms", refused),
        Arguments.of("24h1s", refused),
        Arguments.of("2562048h", refused));
  }

  @ParameterizedTest(name = "syncInterval {0}")
  @MethodSource("syncIntervalCases")
  void syncIntervalRuleIsEvaluated(String interval, String message) throws IOException {
    ObjectNode resource = resource("{projectId: default-project, jobId: example-job}");
    ((ObjectNode) resource.get("spec")).put("syncInterval", interval);

    CustomResourceValidator.Admission admission = VALIDATOR.admit(resource);

    if (message == null) {
      assertThat(admission.errors()).isEmpty();
    } else {
      assertThat(admission.errors())
          .containsExactly(
              new FieldError(
                  "spec.syncInterval",
                  FieldError.Type.INVALID,
                  "Invalid value: \"object\": " + message));
    }
  }

  private static Arguments cel(String name, String job, String field, String message) {
    return Arguments.of(name, job, field, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("celCases")
  void celRulesAreEvaluated(String name, String job, String field, String message)
      throws IOException {
    ObjectNode resource = resource("{projectId: default-project, jobId: example-job}");
    ((ObjectNode) resource.get("spec")).set("job", YAML.readTree(job));

    CustomResourceValidator.Admission admission = VALIDATOR.admit(resource);

    if (message == null) {
      assertThat(admission.errors()).isEmpty();
    } else {
      assertThat(admission.errors())
          .containsExactly(
              new FieldError(
                  field, FieldError.Type.INVALID, "Invalid value: \"object\": " + message));
    }
  }

  private static final String CREATABLE =
      "{projectId: default-project, jobId: nightly-report, creationPolicy: IfAbsent,"
          + " job: {name: Nightly Report, billing: {deploymentPlan: nf-compute-20},"
          + " settings: {backoffLimit: 0}}, creation: {deployment: {external: {imagePath:"
          + " 'ghcr.io/acme/report:1.4'}}}}";

  /**
   * One row per lifecycle case: the whole spec as YAML, the field of the error, and the message of
   * the rule it breaks (null: valid).
   */
  static Stream<Arguments> lifecycleCases() {
    String needs = com.northflank.operator.model.NorthflankJobSpec.CREATION_NEEDS;
    String derives = com.northflank.operator.model.JobNames.DERIVATION_MESSAGE;
    String oneSource = "deployment needs exactly one source: external, internal or vcs";
    return Stream.of(
        Arguments.of("a creatable spec", CREATABLE, null, null),
        Arguments.of(
            "Never needs nothing more",
            "{projectId: p, jobId: j, creationPolicy: Never, job: {name: Other Name}}",
            null,
            null),
        Arguments.of(
            "IfAbsent without a deployment source",
            CREATABLE.replace(", creation: {deployment: {external: {imagePath:"
                + " 'ghcr.io/acme/report:1.4'}}}", ""),
            "spec",
            needs),
        Arguments.of(
            "MustCreate without backoffLimit",
            CREATABLE.replace("IfAbsent", "MustCreate").replace("backoffLimit: 0", "activeDeadlineSeconds: 60"),
            "spec",
            needs),
        Arguments.of(
            "a name that gives another ID",
            CREATABLE.replace("Nightly Report", "Weekly Report"),
            "spec.job.name",
            derives),
        Arguments.of(
            "a name with a tab",
            CREATABLE.replace("Nightly Report", "\"Nightly\\tReport\""),
            "spec.job.name",
            derives),
        Arguments.of(
            "two deployment sources",
            CREATABLE.replace(
                "'ghcr.io/acme/report:1.4'}}",
                "'ghcr.io/acme/report:1.4'}, internal: {id: report-build}}"),
            "spec.creation.deployment",
            oneSource));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lifecycleCases")
  void lifecycleRulesAreEvaluated(String name, String spec, String field, String message)
      throws IOException {
    CustomResourceValidator.Admission admission = VALIDATOR.admit(resource(spec));

    if (message == null) {
      assertThat(admission.errors()).isEmpty();
    } else {
      assertThat(admission.errors())
          .containsExactly(
              new FieldError(
                  field, FieldError.Type.INVALID, "Invalid value: \"object\": " + message));
    }
  }

  @Test
  void everyRuleOfTheCrdCompilesAndIsExercisedBothWays() throws IOException {
    List<String> declared = new ArrayList<>();
    collectRuleMessages(YAML.readTree(COMMITTED_CRD.toFile()), declared);
    assertThat(declared).as("rules in %s", COMMITTED_CRD).isNotEmpty();
    assertThat(VALIDATOR.celRuleCount()).isEqualTo(declared.size());

    Set<String> broken = new HashSet<>();
    Set<String> passingCases = new HashSet<>();
    celCases()
        .forEach(
            c -> {
              Object[] row = c.get();
              if (row[3] != null) {
                broken.add((String) row[3]);
              }
            });
    syncIntervalCases()
        .map(Arguments::get)
        .filter(row -> row[1] != null)
        .forEach(row -> broken.add((String) row[1]));
    lifecycleCases()
        .map(Arguments::get)
        .filter(row -> row[3] != null)
        .forEach(row -> broken.add((String) row[3]));
    assertThat(broken).containsExactlyInAnyOrderElementsOf(declared);
    // Each rule has a case where the field it guards is set and the rule holds.
    celCases()
        .map(Arguments::get)
        .filter(row -> row[3] == null)
        .forEach(row -> passingCases.add((String) row[1]));
    for (String guarded :
        List.of("settings:", "suspended: true", "buildpack:", "buildkit:", "kaniko:")) {
      assertThat(passingCases)
          .as("a valid case with %s", guarded)
          .anyMatch(c -> c.contains(guarded));
    }
  }

  @Test
  void aRuleThatDoesNotCompileFailsLoudly() throws IOException {
    for (String rule :
        List.of(
            "self.jobTyp == 'cron'", // misspelt field: the type of self is known
            "isSorted(self.tags)", // a Kubernetes library function this engine does not declare
            "self.jobType")) { // not a bool
      ObjectNode crd = (ObjectNode) YAML.readTree(COMMITTED_CRD.toFile());
      ArrayNode rules =
          (ArrayNode)
              crd.at(
                  "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/job/x-kubernetes-validations");
      rules.addObject().put("rule", rule).put("message", "broken");

      assertThatThrownBy(() -> new CustomResourceValidator(CrdSchema.of(crd)))
          .as(rule)
          .isInstanceOf(CelRules.InvalidRuleException.class)
          .hasMessageContaining("spec.job: " + rule);
    }
  }

  @Test
  void ruleMessageExpressionFieldPathAndReasonAreHonoured() throws IOException {
    ObjectNode crd = (ObjectNode) YAML.readTree(COMMITTED_CRD.toFile());
    ((ArrayNode)
            crd.at(
                "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/job/x-kubernetes-validations"))
        .addObject()
        .put("rule", "!has(self.tags) || self.tags.all(t, t.lowerAscii() == t)")
        .put("messageExpression", "'tags must be lower case, got ' + self.tags.join(', ')")
        .put("fieldPath", ".tags")
        .put("reason", "FieldValueForbidden");
    CustomResourceValidator validator = new CustomResourceValidator(CrdSchema.of(crd));

    assertThat(
            validator.admit(resource("{projectId: p, jobId: j, job: {tags: [Abc, def]}}")).errors())
        .containsExactly(
            new FieldError(
                "spec.job.tags",
                FieldError.Type.FORBIDDEN,
                "Forbidden: tags must be lower case, got Abc, def"));
    assertThat(validator.admit(resource("{projectId: p, jobId: j, job: {tags: [abc]}}")).errors())
        .isEmpty();
  }

  static Stream<Arguments> invalidResources() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files =
        Files.list(Path.of("src", "test", "resources", "invalid-resources"))) {
      for (Path file : files.sorted().toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String errorAt =
            text.lines()
                .filter(line -> line.startsWith("# error-at:"))
                .map(
                    line ->
                        line.substring("# error-at:".length()).trim().replaceFirst("^\\$\\.", ""))
                .findFirst()
                .orElseThrow();
        cases.add(Arguments.of(file.getFileName().toString(), errorAt, YAML.readTree(text)));
      }
    }
    assertThat(cases).isNotEmpty();
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResources")
  void invalidResourceIsRefusedAtItsField(String name, String errorAt, JsonNode resource) {
    List<FieldError> problems = VALIDATOR.validateStrictly(resource);

    assertThat(problems).as(name).isNotEmpty();
    assertThat(problems).as(name).allSatisfy(p -> assertThat(p.field()).isIn(errorAt, ""));
    assertThat(problems).as(name).anySatisfy(p -> assertThat(p.field()).isEqualTo(errorAt));
  }

  @Test
  void messagesReadLikeKubeApiservers() throws IOException {
    assertThat(VALIDATOR.admit(resource("{projectId: p}")).errors())
        .containsExactly(new FieldError("spec.jobId", FieldError.Type.REQUIRED, "Required value"));
    assertThat(
            VALIDATOR
                .admit(resource("{projectId: p, jobId: j, job: {jobType: scheduled}}"))
                .errors())
        .first()
        .hasToString(
            "spec.job.jobType: Unsupported value: \"scheduled\": supported values: \"cron\","
                + " \"manual\"");
    assertThat(VALIDATOR.admit(resource("{projectId: p, jobId: 'a/b'}")).errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "spec.jobId: Invalid value: \"a/b\": spec.jobId in body should match"
                + " '^[A-Za-z0-9][A-Za-z0-9_-]*$'");
    assertThat(
            VALIDATOR
                .admit(
                    resource(
                        "{projectId: p, jobId: j, job: {settings: {activeDeadlineSeconds: 0}}}"))
                .errors())
        .extracting(FieldError::toString)
        .containsExactly(
            "spec.job.settings.activeDeadlineSeconds: Invalid value: 0:"
                + " spec.job.settings.activeDeadlineSeconds in body should be greater than or"
                + " equal to 1");
  }

  @Test
  void aTypeErrorSkipsTheCelRulesAsKubeApiserverDoes() throws IOException {
    List<FieldError> errors =
        VALIDATOR
            .admit(resource("{projectId: p, jobId: j, job: {jobType: manual, suspended: 'yes'}}"))
            .errors();

    assertThat(errors)
        .first()
        .satisfies(e -> assertThat(e.type()).isEqualTo(FieldError.Type.TYPE_INVALID));
    assertThat(errors).last().asString().contains("some validation rules were not checked");
  }

  @Test
  void unknownFieldsArePrunedAtEveryLevelAndDefaultsApplied() throws IOException {
    ObjectNode resource =
        resource(
            "{projectId: p, jobId: j, colour: red, credentials: {secretRef: {name: s, namespace:"
                + " other}}, job: {settings: {cron: {schedule: '0 * * * *', timezone: UTC}}}}");
    resource.putObject("status").put("jobType", "cron").put("bogus", 1);

    CustomResourceValidator.Admission admission = VALIDATOR.admit(resource);

    assertThat(admission.allowed()).isTrue();
    assertThat(admission.unknownFields())
        .containsExactlyInAnyOrder(
            "spec.colour",
            "spec.credentials.secretRef.namespace",
            "spec.job.settings.cron.timezone",
            "status.bogus");
    assertThat(admission.object().at("/spec/credentials/secretRef"))
        .isEqualTo(YAML.readTree("{name: s, key: token}"));
    assertThat(admission.object().at("/status")).isEqualTo(YAML.readTree("{jobType: cron}"));
    assertThat(admission.object().at("/metadata/name").asText()).isEqualTo("x");
    assertThat(VALIDATOR.validateStrictly(resource))
        .extracting(FieldError::toString)
        .contains("spec.colour: field not declared in schema");
  }

  @Test
  void metadataNameAndApiVersionAreChecked() throws IOException {
    ObjectNode resource = resource("{projectId: p, jobId: j}");
    ((ObjectNode) resource.get("metadata")).put("name", "Not_A_Name");
    resource.put("apiVersion", "northflank.com/v1");

    assertThat(VALIDATOR.admit(resource).errors())
        .extracting(FieldError::field)
        .containsExactly("apiVersion", "metadata.name");
  }

  @Test
  void samplesAreValid() throws IOException {
    for (String sample : List.of("example-cron-job.yaml", "manual-job.yaml")) {
      JsonNode resource = YAML.readTree(Path.of("deploy", "samples", sample).toFile());
      assertThat(VALIDATOR.validateStrictly(resource)).as(sample).isEmpty();
    }
  }

  private static ObjectNode resource(String spec) throws IOException {
    ObjectNode resource =
        (ObjectNode)
            YAML.readTree(
                "{apiVersion: northflank.com/v1alpha1, kind: NorthflankJob, metadata: {name: x}}");
    resource.set("spec", YAML.readTree(spec));
    return resource;
  }

  private static void collectRuleMessages(JsonNode node, List<String> messages) {
    if (node.isObject()) {
      node.path("x-kubernetes-validations")
          .forEach(rule -> messages.add(rule.path("message").asText()));
    }
    node.forEach(child -> collectRuleMessages(child, messages));
  }
}
