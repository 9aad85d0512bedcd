package com.northflank.operator.drift;

import static com.northflank.operator.drift.Drifts.drift;
import static com.northflank.operator.drift.JsonTrees.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.model.JobDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documented Get Job example against a spec that declares everything a user can declare. */
class SeedFixtureDriftTest {

  private static final String FIXTURE = "/fixtures/get-job-response-seed-example.json";
  private static final Set<String> SERVER_OWNED =
      Set.of("id", "appId", "projectId", "createdAt", "cluster");

  private final DriftComparator comparator = new DriftComparator();
  private JsonNode live;
  private JsonNode desired;

  @BeforeEach
  void load() throws IOException {
    try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
      assertThat(in).as(FIXTURE).isNotNull();
      live = MAPPER.readTree(in).get("data");
    }
    // Through the model, as a NorthflankJob's spec.job would arrive: unknown and server-owned
    // fields fall away, unset ones are omitted.
    desired = MAPPER.valueToTree(MAPPER.treeToValue(live, JobDefinition.class));
  }

  @Test
  void desiredTreeDeclaresEveryUserDeclarableFieldOfTheFixture() {
    Set<String> declarable = leafPaths("", live);
    declarable.removeIf(path -> SERVER_OWNED.contains(path.split("\\.")[0]));

    assertThat(leafPaths("", desired)).isEqualTo(declarable).contains("settings.cron.schedule");
  }

  @Test
  void fixtureMatchesItsOwnDeclarableFields() {
    assertThat(comparator.compare(desired, live)).isEqualTo(DriftReport.none());
  }

  @Test
  void changedLiveScheduleIsTheOnlyDrift() {
    JsonNode changed = live.deepCopy();
    ((ObjectNode) changed.at("/settings/cron")).put("schedule", "0 * * * *");

    DriftReport report = comparator.compare(desired, changed);

    assertThat(report.drifted()).isTrue();
    assertThat(report.differences())
        .containsExactly(drift("settings.cron.schedule", "30 8 * * *", "0 * * * *"));
  }

  @Test
  void specWrittenInPatchCaseMatchesTheFixture() {
    ObjectNode patchCase = desired.deepCopy();
    ((ObjectNode) patchCase.at("/settings/cron")).put("concurrencyPolicy", "allow");

    assertThat(comparator.compare(patchCase, live).drifted()).isFalse();
  }

  /** Paths of the scalars and lists in a tree; objects only contribute their children. */
  private static Set<String> leafPaths(String prefix, JsonNode node) {
    Set<String> paths = new TreeSet<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      if (field.getValue().isObject()) {
        paths.addAll(leafPaths(path, field.getValue()));
      } else {
        paths.add(path);
      }
    }
    return paths;
  }
}
