package com.northflank.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.client.ProjectRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole exported document: key order, quoting and bytes. */
class ExportedResourceTest {

  private final SpecJobMapper mapper = new SpecJobMapper();

  @Test
  void theSeedJobExportsToTheseExactBytes() throws IOException {
    JobResourceBuilder builder =
        new JobResourceBuilder(
            new ProjectRef("my-team", "default-project"), "team-a", "northflank-api");

    String yaml =
        ResourceYaml.write(builder.resource("example-job", mapper.map(LiveJobs.seed()).job()));

    assertThat(yaml).isEqualTo(golden("example-job.yaml"));
  }

  @Test
  void withoutNamespaceTeamOrSecretThoseKeysAreLeftOut() throws IOException {
    JobResourceBuilder builder =
        new JobResourceBuilder(new ProjectRef(null, "default-project"), null, null);

    JsonNode resource = builder.resource("bare-job", mapper.map(LiveJobs.minimal()).job());

    assertThat(resource.path("metadata").has("namespace")).isFalse();
    assertThat(resource.path("spec").has("teamId")).isFalse();
    assertThat(resource.path("spec").has("credentials")).isFalse();
    assertThat(Validate.errors(resource)).isEmpty();
  }

  @Test
  void theYamlReadsBackAsTheSameResourceAndAsANorthflankJob() throws IOException {
    JobResourceBuilder builder =
        new JobResourceBuilder(new ProjectRef(null, "default-project"), "demo", null);
    JsonNode resource = builder.resource("example-job", mapper.map(LiveJobs.seed()).job());

    String yaml = ResourceYaml.write(resource);
    JsonNode back = new YAMLMapper().readTree(yaml);

    assertThat(back)
        .isEqualTo(new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(resource)));
    NorthflankJob job = new ObjectMapper().treeToValue(back, NorthflankJob.class);
    assertThat(job.getMetadata().getName()).isEqualTo("example-job");
    assertThat(job.getSpec().job().settings().cron().concurrencyPolicy()).isEqualTo("Allow");
  }

  @Test
  void stringsThatLookLikeOtherTypesStayStrings() throws IOException {
    var live = LiveJobs.minimal();
    live.put("description", "1e3");
    live.put("name", "on");
    JsonNode resource =
        new JobResourceBuilder(new ProjectRef(null, "p"), null, null)
            .resource("bare-job", mapper.map(live).job());

    JsonNode back = new YAMLMapper().readTree(ResourceYaml.write(resource));

    assertThat(back.at("/spec/job/description").isTextual()).isTrue();
    assertThat(back.at("/spec/job/description").asText()).isEqualTo("1e3");
    assertThat(back.at("/spec/job/name").asText()).isEqualTo("on");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ExportedResourceTest.class.getResourceAsStream("/gitops/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
