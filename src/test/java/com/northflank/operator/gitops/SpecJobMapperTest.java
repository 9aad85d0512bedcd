package com.northflank.operator.gitops;

import com.northflank.operator.validation.CrdSchema;
import static com.northflank.operator.gitops.LiveJobs.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.client.ProjectRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Export's mapping from a live job to spec.job. */
class SpecJobMapperTest {

  private static final Set<String> SERVER_OWNED =
      Set.of("id", "appId", "projectId", "createdAt", "cluster");

  private final SpecJobMapper mapper = new SpecJobMapper();

  @Test
  void seedFixtureDeclaresEveryDeclarableFieldAndNoServerOwnedOne() {
    ObjectNode live = LiveJobs.seed();

    SpecJobMapper.Mapping mapping = mapper.map(live);

    ObjectNode declarable = live.deepCopy();
    declarable.remove(SERVER_OWNED);
    assertThat(normalised(mapping.job())).isEqualTo(normalised(declarable));
    assertThat(mapping.omissions()).isEmpty();
  }

  @Test
  void theOperatorsOwnershipTagIsNotExported() {
    ObjectNode live = LiveJobs.seed();
    String owner =
        com.northflank.operator.model.OwnershipTag.of("6f1c3a52-9d0e-4a8b-b1c2-0123456789ab");
    ((com.fasterxml.jackson.databind.node.ArrayNode) live.get("tags")).add(owner);

    ObjectNode job = mapper.map(live).job();

    assertThat(job.get("tags").toString()).doesNotContain(owner);
    assertThat(job.get("tags")).isNotEmpty();
  }

  @Test
  void keysFollowTheModelsDeclarationOrder() {
    ObjectNode job = mapper.map(LiveJobs.seed()).job();

    assertThat(fieldNames(job))
        .containsExactly(
            "name",
            "description",
            "tags",
            "jobType",
            "vcsData",
            "buildConfiguration",
            "buildEngineConfiguration",
            "disabledCI",
            "disabledCD",
            "deployment",
            "billing",
            "suspended",
            "settings");
    assertThat(fieldNames(job.get("settings")))
        .containsExactly("cron", "backoffLimit", "activeDeadlineSeconds");
    assertThat(fieldNames(job.get("buildConfiguration")))
        .containsExactly(
            "pathIgnoreRules", "isAllowList", "ciIgnoreFlags", "dockerCredentials", "storage");
  }

  @Test
  void theSameLiveStateGivesTheSameBytesWhateverTheOrderItArrivesIn() {
    ObjectNode live = LiveJobs.seed();
    live.putArray("tags").add("zeta").add("alpha").add("mid");
    ObjectNode shuffled = reversed(live);
    ((ArrayNode) shuffled.get("tags")).removeAll().add("mid").add("zeta").add("alpha").add("zeta");

    String once = yaml(mapper.map(live).job());
    String again = yaml(mapper.map(shuffled).job());

    assertThat(again).isEqualTo(once);
    assertThat(mapper.map(live).job().get("tags"))
        .containsExactly(
            JSON.getNodeFactory().textNode("alpha"),
            JSON.getNodeFactory().textNode("mid"),
            JSON.getNodeFactory().textNode("zeta"));
  }

  @Test
  void orderedListsKeepTheirOrder() {
    ObjectNode live = LiveJobs.seed();
    ((ObjectNode) live.at("/buildEngineConfiguration/buildpack"))
        .putArray("buildpackLocators")
        .add("z-first")
        .add("a-second");

    JsonNode locators =
        mapper.map(live).job().at("/buildEngineConfiguration/buildpack/buildpackLocators");

    assertThat(locators.get(0).asText()).isEqualTo("z-first");
    assertThat(locators.get(1).asText()).isEqualTo("a-second");
  }

  @ParameterizedTest
  @CsvSource({
    "/jobType, CRON, cron",
    "/settings/cron/concurrencyPolicy, forbid, Forbid",
    "/settings/cron/concurrencyPolicy, REPLACE, Replace",
    "/buildEngineConfiguration/buildpack/builder, heroku_22, HEROKU_22",
    "/vcsData/projectType, GitHub, github",
    "/deployment/docker/configType, DEFAULT, default"
  })
  void enumValuesComeInTheCasingTheCrdLists(String pointer, String live, String exported) {
    ObjectNode job = LiveJobs.seed();
    set(job, pointer, JSON.getNodeFactory().textNode(live));

    SpecJobMapper.Mapping mapping = mapper.map(job);

    assertThat(mapping.job().at(pointer).asText()).isEqualTo(exported);
    assertThat(mapping.omissions()).isEmpty();
  }

  @Test
  void aJobWithEveryOptionalObjectAbsentDeclaresOnlyWhatItHas() {
    SpecJobMapper.Mapping mapping = mapper.map(LiveJobs.minimal());

    assertThat(mapping.job())
        .isEqualTo(
            LiveJobs.parse(
                "{\"name\": \"Bare Job\", \"jobType\": \"manual\","
                    + " \"disabledCI\": false, \"disabledCD\": false}"));
    assertThat(mapping.omissions()).isEmpty();
  }

  @Test
  void nullsAndObjectsThatDeclareNothingAreLeftOutButEmptyListsStay() {
    ObjectNode live = LiveJobs.minimal();
    live.putNull("description");
    live.putNull("vcsData");
    live.putObject("billing");
    live.putObject("buildConfiguration").put("unknownFlag", true).putObject("storage");
    live.putArray("tags");

    ObjectNode job = mapper.map(live).job();

    assertThat(fieldNames(job))
        .containsExactly("name", "tags", "jobType", "disabledCI", "disabledCD");
    assertThat(job.get("tags")).isEmpty();
  }

  @Test
  void fieldsNewerThanTheModelDropOutAndValuesTheCrdRefusesAreReported() {
    ObjectNode live = LiveJobs.newer();

    SpecJobMapper.Mapping mapping = mapper.map(live);

    assertThat(mapping.job().has("gpu")).isFalse();
    assertThat(mapping.job().path("vcsData").has("accountLogin")).isFalse();
    assertThat(mapping.job().path("settings").has("runOnSourceChange")).isFalse();
    assertThat(mapping.omissions())
        .extracting(Omission::field)
        .containsExactly(
            "buildEngineConfiguration.buildEngine",
            "buildEngineConfiguration.buildkit.internalCacheStorage",
            "deployment.buildpack.configType",
            "jobType",
            "settings.cron.concurrencyPolicy");
    assertThat(mapping.job().at("/settings/cron/schedule").asText()).isEqualTo("*/5 * * * *");
    assertThat(Validate.errors(resource(mapping))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/tags|[\"ok-tag\", \"2024-q1\"]|tags|item 2: '2024-q1' does not match",
        "/tags|[\"a-very-long-tag-name-that-is-longer-than-39\"]|tags|longer than the CRD's maximum"
            + " of 39",
        "/buildConfiguration/storage/ephemeralStorage/storageSize|131072|"
            + "buildConfiguration.storage.ephemeralStorage.storageSize|above the CRD's maximum of"
            + " 65536",
        "/buildConfiguration/storage/ephemeralStorage/storageSize|20000|"
            + "buildConfiguration.storage.ephemeralStorage.storageSize|not one of the CRD's values",
        "/vcsData/projectType|\"codeberg\"|vcsData.projectType|not one of the CRD's values",
        "/deployment/storage/shmSize|64.5|deployment.storage.shmSize|not a whole number",
        "/settings/activeDeadlineSeconds|0|settings.activeDeadlineSeconds|below the CRD's minimum"
            + " of 1",
        "/settings/backoffLimit|-1|settings.backoffLimit|below the CRD's minimum of 0",
        "/disabledCI|\"false\"|disabledCI|wants true or false",
        "/billing/deploymentPlan|\"\"|billing.deploymentPlan|shorter than the CRD's minimum",
        "/buildConfiguration/dockerCredentials|[\"ok\", \"not ok\"]|"
            + "buildConfiguration.dockerCredentials|item 2",
        "/settings/cron|\"0 * * * *\"|settings.cron|wants an object",
        "/settings/backoffLimit|3000000000|settings.backoffLimit|above the CRD's maximum of"
            + " 2147483647",
        "/tags|[\"t01\",\"t02\",\"t03\",\"t04\",\"t05\",\"t06\",\"t07\",\"t08\",\"t09\",\"t10\","
            + "\"t11\",\"t12\",\"t13\",\"t14\",\"t15\",\"t16\",\"t17\",\"t18\",\"t19\",\"t20\","
            + "\"t21\",\"t22\",\"t23\",\"t24\",\"t25\",\"t26\",\"t27\",\"t28\",\"t29\",\"t30\","
            + "\"t31\",\"t32\",\"t33\",\"t34\",\"t35\",\"t36\",\"t37\",\"t38\",\"t39\",\"t40\","
            + "\"t41\",\"t42\",\"t43\",\"t44\",\"t45\",\"t46\",\"t47\",\"t48\",\"t49\",\"t50\","
            + "\"t51\",\"t52\",\"t53\",\"t54\",\"t55\",\"t56\",\"t57\",\"t58\",\"t59\",\"t60\","
            + "\"t61\",\"t62\",\"t63\",\"t64\",\"t65\",\"t66\",\"t67\",\"t68\",\"t69\",\"t70\","
            + "\"t71\",\"t72\",\"t73\",\"t74\",\"t75\",\"t76\",\"t77\",\"t78\",\"t79\",\"t80\","
            + "\"t81\",\"t82\",\"t83\",\"t84\",\"t85\",\"t86\",\"t87\",\"t88\",\"t89\",\"t90\","
            + "\"t91\",\"t92\",\"t93\",\"t94\",\"t95\",\"t96\",\"t97\",\"t98\",\"t99\",\"t100\","
            + "\"t101\"]|tags|101 items, more than the CRD's maximum of 100"
      })
  void aValueTheCrdWouldRefuseIsLeftOutAndReported(
      String pointer, String value, String field, String reason) {
    ObjectNode live = LiveJobs.seed();
    set(live, pointer, LiveJobs.parse(value));

    SpecJobMapper.Mapping mapping = mapper.map(live);

    assertThat(mapping.omissions())
        .singleElement()
        .satisfies(
            omission -> {
              assertThat(omission.field()).isEqualTo(field);
              assertThat(omission.reason()).contains(reason);
            });
    assertThat(mapping.job().at("/" + field.replace('.', '/')).isMissingNode()).isTrue();
    assertThat(mapping.job().get("name").asText()).isEqualTo("Example Job");
    assertThat(Validate.errors(resource(mapping))).isEmpty();
    // left out means not managed: the rest still matches the live job
    assertThat(new DriftComparator().compare(mapping.job(), live).drifted()).isFalse();
  }

  @Test
  void cronSettingsAndSuspensionOfAManualJobAreLeftOutAsTheCrdRulesSay() {
    ObjectNode live = LiveJobs.seed();
    live.put("jobType", "manual");
    live.put("suspended", true);

    SpecJobMapper.Mapping mapping = mapper.map(live);

    assertThat(mapping.omissions())
        .extracting(Omission::field)
        .containsExactly("settings.cron", "suspended");
    assertThat(mapping.omissions().get(0).reason())
        .isEqualTo("the CRD says: settings.cron applies only to cron jobs (jobType: cron)");
    assertThat(mapping.job().at("/settings/backoffLimit").asInt()).isZero();
    assertThat(mapping.job().has("suspended")).isFalse();
  }

  @Test
  void settingsOfAnotherBuildEngineAreLeftOut() {
    ObjectNode live = LiveJobs.seed();
    ObjectNode engine = (ObjectNode) live.get("buildEngineConfiguration");
    engine.put("buildEngine", "kaniko");
    engine.putObject("kaniko").put("useCache", true);

    SpecJobMapper.Mapping mapping = mapper.map(live);

    assertThat(mapping.omissions())
        .extracting(Omission::field)
        .containsExactly("buildEngineConfiguration.buildpack");
    assertThat(fieldNames(mapping.job().get("buildEngineConfiguration")))
        .containsExactly("buildEngine", "kaniko");
  }

  @Test
  void aValueBeyondTheModelsJavaTypeFailsTheJobWithoutEchoingIt() {
    ObjectNode live = LiveJobs.seed();
    ((ObjectNode) live.get("settings")).put("backoffLimit", 3_000_000_000L);
    // the CRD's maximum now refuses such a value first (a row of the test above): under a schema
    // without it, the model is what still stands in the way
    ObjectNode unbounded = (ObjectNode) CrdSchema.northflankJob().job().deepCopy();
    ((ObjectNode) unbounded.at("/properties/settings/properties/backoffLimit")).remove("maximum");
    SpecJobMapper mapper = new SpecJobMapper(unbounded);

    assertThatThrownBy(() -> mapper.map(live))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settings.backoffLimit")
        .hasMessageNotContaining("3000000000");
  }

  /** The mapper handles the keywords and types the CRD uses; a new one must be handled first. */
  @Test
  void theCrdUsesOnlyKeywordsAndTypesTheMapperHandles() {
    Set<String> keywords = new HashSet<>();
    Set<String> types = new HashSet<>();
    collect(CrdSchema.northflankJob().job(), keywords, types);

    assertThat(SpecJobMapper.KEYWORDS).containsAll(keywords);
    assertThat(types).isSubsetOf("object", "array", "string", "integer", "boolean");
  }

  @Test
  void crossFieldRulesAreExactlyTheCrdsCelRules() {
    Set<List<String>> inCrd = new HashSet<>();
    rules("", CrdSchema.northflankJob().job(), inCrd);

    Set<List<String>> handled = new HashSet<>();
    CrossFieldRules.RULES.forEach(rule -> handled.add(List.of(rule.at(), rule.message())));

    assertThat(handled).isEqualTo(inCrd);
  }

  static ObjectNode resource(SpecJobMapper.Mapping mapping) {
    return new JobResourceBuilder(new ProjectRef(null, "default-project"), null, null)
        .resource("example-job", mapping.job());
  }

  private static void collect(JsonNode schema, Set<String> keywords, Set<String> types) {
    schema.fieldNames().forEachRemaining(keywords::add);
    if (schema.has("type")) {
      types.add(schema.get("type").asText());
    }
    schema.path("properties").forEach(child -> collect(child, keywords, types));
    if (schema.has("items")) {
      collect(schema.get("items"), keywords, types);
    }
  }

  private static void rules(String at, JsonNode schema, Set<List<String>> out) {
    schema
        .path("x-kubernetes-validations")
        .forEach(rule -> out.add(List.of(at, rule.path("message").asText())));
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      rules(
          at.isEmpty() ? property.getKey() : at + "." + property.getKey(),
          property.getValue(),
          out);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The same tree with every object's keys in reverse order. */
  private static ObjectNode reversed(ObjectNode node) {
    List<String> names = fieldNames(node);
    ObjectNode copy = JSON.createObjectNode();
    for (int i = names.size() - 1; i >= 0; i--) {
      JsonNode value = node.get(names.get(i));
      copy.set(
          names.get(i), value instanceof ObjectNode child ? reversed(child) : value.deepCopy());
    }
    return copy;
  }

  private static void set(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    ObjectNode parent = slash == 0 ? root : (ObjectNode) root.at(pointer.substring(0, slash));
    parent.set(pointer.substring(slash + 1), value);
  }

  /** Integer widths aside (Long in the model, int when parsed), trees compare by content. */
  private static JsonNode normalised(JsonNode node) {
    try {
      return JSON.readTree(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String yaml(ObjectNode job) {
    return ResourceYaml.write(job);
  }
}
