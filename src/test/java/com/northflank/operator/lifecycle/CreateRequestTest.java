package com.northflank.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.JobCreation;
import com.northflank.operator.model.JobDefinition;
import com.northflank.operator.model.NorthflankJobSpec;
import com.northflank.operator.model.OwnershipTag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.job in the Get Job shape, mapped to the create request's. */
class CreateRequestTest {

  @Test
  void mapsTheGetJobShapeToTheCreateShape() {
    JobDefinition job =
        new JobDefinition(
            "Nightly Report",
            "Reports",
            List.of("team-a"),
            "cron",
            null,
            null,
            null,
            null,
            null,
            new JobDefinition.Deployment(
                null, null, new JobDefinition.DockerOverride("customCommand", null, "run"), null),
            new JobDefinition.Billing("nf-compute-20"),
            true,
            new JobDefinition.JobSettings(
                new JobDefinition.CronSettings("30 8 * * *", "Forbid"), 2, 600L));
    NorthflankJobSpec spec =
        new NorthflankJobSpec("p", "nightly-report", null, null, null, job)
            .withLifecycle(
                "IfAbsent",
                null,
                new JobCreation(
                    new JobCreation.Source(
                        new JobCreation.ExternalImage("ghcr.io/acme/report:1.4", null),
                        null,
                        null),
                    new JobCreation.SecretRef("report-env")));

    ObjectNode body =
        CreateRequest.of(spec, LifecyclePolicyTest.UID, Map.of("DATABASE_URL", "postgres://x"));

    assertThat(body.get("name").asText()).isEqualTo("Nightly Report");
    assertThat(body.has("jobType")).as("no jobType: cron by settings.cron").isFalse();
    assertThat(body.has("suspended")).isFalse();
    assertThat(body.at("/settings/cron/suspended").asBoolean()).isTrue();
    assertThat(body.at("/settings/cron/concurrencyPolicy").asText()).isEqualTo("forbid");
    assertThat(body.at("/settings/backoffLimit").asInt()).isEqualTo(2);
    assertThat(body.at("/billing/deploymentPlan").asText()).isEqualTo("nf-compute-20");
    assertThat(body.at("/deployment/external/imagePath").asText())
        .isEqualTo("ghcr.io/acme/report:1.4");
    assertThat(body.at("/deployment/docker/customCommand").asText()).isEqualTo("run");
    assertThat(body.at("/runtimeEnvironment/DATABASE_URL").asText()).isEqualTo("postgres://x");
    assertThat(body.get("tags").toString())
        .isEqualTo("[\"team-a\",\"" + OwnershipTag.of(LifecyclePolicyTest.UID) + "\"]");
  }

  @Test
  void theOwnershipTagNamesTheUidWithinTheTagRules() {
    String tag = OwnershipTag.of(LifecyclePolicyTest.UID);

    assertThat(tag).hasSizeLessThanOrEqualTo(39).matches(JobDefinition.TAG_PATTERN);
    assertThat(OwnershipTag.isOwnershipTag(tag)).isTrue();
    assertThat(OwnershipTag.isOwnershipTag("nfjob-nightly")).isFalse();
  }
}
