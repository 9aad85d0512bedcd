package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The embedded API admits NorthflankJobs as kube-apiserver does, seen through fabric8's client. */
class AdmissionTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ResourceDefinitionContext NFJOB =
      new ResourceDefinitionContext.Builder()
          .withGroup("northflank.com")
          .withVersion("v1alpha1")
          .withKind("NorthflankJob")
          .withPlural("northflankjobs")
          .withNamespaced(true)
          .build();

  private static EmbeddedKubernetes kubernetes;

  @BeforeAll
  static void start() {
    kubernetes = EmbeddedKubernetes.start();
    kubernetes.installCrd();
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  static Stream<Arguments> invalidResources() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> files =
        Files.list(Path.of("src", "test", "resources", "invalid-resources"))) {
      for (Path file : files.sorted().toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String field =
            text.lines()
                .filter(line -> line.startsWith("# error-at:"))
                .map(
                    line ->
                        line.substring("# error-at:".length()).trim().replaceFirst("^\\$\\.", ""))
                .findFirst()
                .orElseThrow();
        cases.add(Arguments.of(file.getFileName().toString(), field, text));
      }
    }
    return cases.stream();
  }

  /**
   * kubectl asks for strict field validation by default, so each invalid resource, an unknown field
   * included, is refused; a client that does not (fabric8's default) gets unknown fields pruned.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResources")
  void createOfAnInvalidResourceIsRefusedNamingTheField(String file, String field, String yaml) {
    GenericKubernetesResource resource = Serialization.unmarshal(yaml);
    resource.getMetadata().setName(file.replace(".yaml", ""));

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> jobs().resource(resource).fieldValidation(Validation.STRICT).create());

    assertThat(refused).as(file + " was admitted").isNotNull();
    if (refused.getCode() == 400) {
      assertThat(refused.getStatus().getMessage())
          .isEqualTo(
              "NorthflankJob in version \"v1alpha1\" cannot be handled as a NorthflankJob: strict"
                  + " decoding error: unknown field \""
                  + field
                  + "\"");
    } else {
      assertThat(refused.getCode()).isEqualTo(422);
      assertThat(refused.getStatus().getReason()).isEqualTo("Invalid");
      assertThat(refused.getStatus().getDetails().getKind()).isEqualTo("NorthflankJob");
      assertThat(refused.getStatus().getDetails().getCauses())
          .extracting(StatusCause::getField)
          .contains(field);
      assertThat(refused.getStatus().getMessage())
          .startsWith(
              "NorthflankJob.northflank.com \""
                  + resource.getMetadata().getName()
                  + "\" is invalid: ");
      // Not an unknown field: refused whatever the client asks for.
      KubernetesClientException lenient =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> jobs().resource(resource).fieldValidation(Validation.IGNORE).create());
      assertThat(lenient.getCode()).isEqualTo(422);
    }
    assertThat(jobs().withName(resource.getMetadata().getName()).get()).isNull();
  }

  @Test
  void theStatusHasKubeApiserversShape() {
    GenericKubernetesResource resource = job("x", Map.of("projectId", "p"));

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class, () -> jobs().resource(resource).create());

    assertThat((Object) YAML.valueToTree(refused.getStatus()))
        .isEqualTo(
            json(
                "{\"apiVersion\":\"v1\",\"code\":422,\"details\":{\"causes\":[{\"field\":\"spec.jobId\",\"message\":\"Required"
                    + " value\",\"reason\":\"FieldValueRequired\"}],\"group\":"
                    + "\"northflank.com\",\"kind\":\"NorthflankJob\",\"name\":\"x\"},\"kind\":\"Status\",\"message\":\"NorthflankJob.northflank.com"
                    + " \\\"x\\\" is invalid: spec.jobId: Required"
                    + " value\",\"metadata\":{},\"reason\":\"Invalid\",\"status\":\"Failure\"}"));
  }

  @Test
  void aCelRuleRefusesAnUpdateAndAPatch() {
    jobs()
        .resource(
            job("cel", Map.of("projectId", "p", "jobId", "j", "job", Map.of("jobType", "manual"))))
        .create();

    KubernetesClientException patched =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                jobs()
                    .withName("cel")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"job\":{\"suspended\":true}}}"));
    GenericKubernetesResource stored = jobs().withName("cel").get();
    stored.setAdditionalProperty(
        "spec",
        Map.of(
            "projectId", "p", "jobId", "j", "job", Map.of("jobType", "manual", "suspended", true)));
    KubernetesClientException updated =
        catchThrowableOfType(
            KubernetesClientException.class, () -> jobs().resource(stored).update());

    for (KubernetesClientException refused : List.of(patched, updated)) {
      assertThat(refused).isNotNull();
      assertThat(refused.getCode()).isEqualTo(422);
      assertThat(refused.getStatus().getDetails().getCauses())
          .singleElement()
          .satisfies(
              cause -> {
                assertThat(cause.getField()).isEqualTo("spec.job");
                assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
                assertThat(cause.getMessage())
                    .isEqualTo(
                        "Invalid value: \"object\": suspended: true applies only to cron jobs"
                            + " (jobType: cron)");
              });
    }
    assertThat((Object) jobs().withName("cel").get().get("spec", "job"))
        .isEqualTo(Map.of("jobType", "manual"));
  }

  @Test
  void unknownFieldsArePrunedFromTheResourceAndItsStatusAndDefaultsApplied() {
    jobs()
        .resource(
            job(
                "prune",
                Map.of(
                    "projectId", "p",
                    "jobId", "j",
                    "colour", "red",
                    "credentials", Map.of("secretRef", Map.of("name", "s", "namespace", "other")))))
        .create();
    jobs()
        .withName("prune")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"jobType\":\"cron\",\"bogus\":{\"deep\":1}}}");

    GenericKubernetesResource stored = jobs().withName("prune").get();

    assertThat((Map<?, ?>) stored.get("spec"))
        .isEqualTo(
            Map.of(
                "projectId", "p",
                "jobId", "j",
                "driftPolicy", "Report",
                "credentials", Map.of("secretRef", Map.of("name", "s", "key", "token"))));
    assertThat((Map<?, ?>) stored.get("status")).isEqualTo(Map.of("jobType", "cron"));
  }

  @Test
  void aValidPatchStillPatches() {
    jobs().resource(job("valid", Map.of("projectId", "p", "jobId", "j"))).create();

    jobs()
        .withName("valid")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/spec/job\",\"value\":{\"jobType\":\"cron\",\"suspended\":true}}]");

    assertThat((Object) jobs().withName("valid").get().get("spec", "job"))
        .isEqualTo(Map.of("jobType", "cron", "suspended", true));
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      jobs() {
    return kubernetes.client().genericKubernetesResources(NFJOB).inNamespace("admission");
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static GenericKubernetesResource job(String name, Map<String, Object> spec) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion("northflank.com/v1alpha1");
    resource.setKind("NorthflankJob");
    resource.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }
}
