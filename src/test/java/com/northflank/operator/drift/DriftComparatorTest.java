package com.northflank.operator.drift;

import static com.northflank.operator.drift.Drifts.drift;
import static com.northflank.operator.drift.JsonTrees.at;
import static com.northflank.operator.drift.JsonTrees.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.northflank.operator.model.FieldDrift;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DriftComparatorTest {

  private final DriftComparator comparator = new DriftComparator();

  // Spelled out from the design rather than read from DriftRules, so that dropping a path from
  // the rules fails here.
  static Stream<String> setLikeLists() {
    return Stream.of(
        "tags",
        "buildConfiguration.pathIgnoreRules",
        "buildConfiguration.ciIgnoreFlags",
        "buildConfiguration.dockerCredentials");
  }

  static Stream<String> enumFields() {
    return Stream.of(
        "jobType",
        "vcsData.projectType",
        "buildEngineConfiguration.buildEngine",
        "buildEngineConfiguration.buildpack.builder",
        "deployment.buildpack.configType",
        "deployment.docker.configType",
        "settings.cron.concurrencyPolicy");
  }

  @ParameterizedTest
  @MethodSource("setLikeLists")
  void setLikeListsIgnoreOrderAndDuplicates(String path) {
    JsonNode desired = at(path, "[\"alpha\", \"beta\", \"gamma\"]");
    JsonNode actual = at(path, "[\"gamma\", \"alpha\", \"beta\", \"alpha\"]");

    assertThat(comparator.compare(desired, actual).differences()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("setLikeLists")
  void setLikeListsWithOtherMembersDrift(String path) {
    JsonNode desired = at(path, "[\"alpha\", \"beta\"]");

    assertThat(comparator.compare(desired, at(path, "[\"alpha\"]")).differences())
        .containsExactly(drift(path, "[\"alpha\",\"beta\"]", "[\"alpha\"]"));
    assertThat(comparator.compare(desired, at(path, "[\"beta\", \"alpha\", \"delta\"]")).fields())
        .containsExactly(path);
  }

  @Test
  void orderedListReorderedIsDrift() {
    String path = "buildEngineConfiguration.buildpack.buildpackLocators";
    JsonNode desired = at(path, "[\"heroku/nodejs\", \"heroku/procfile\"]");

    assertThat(comparator.compare(desired, desired.deepCopy()).drifted()).isFalse();
    assertThat(comparator.compare(desired, at(path, "[\"heroku/procfile\", \"heroku/nodejs\"]")))
        .isEqualTo(
            new DriftReport(
                List.of(
                    drift(
                        path,
                        "[\"heroku/nodejs\",\"heroku/procfile\"]",
                        "[\"heroku/procfile\",\"heroku/nodejs\"]"))));
  }

  @Test
  void orderedListWithExtraDuplicateIsDrift() {
    String path = "buildEngineConfiguration.buildpack.buildpackLocators";

    assertThat(comparator.compare(at(path, "[\"a\"]"), at(path, "[\"a\", \"a\"]")).fields())
        .containsExactly(path);
  }

  @Test
  void listElementsCompareNumbersByValue() {
    assertThat(comparator.compare(at("future.list", "[1, 2.5]"), at("future.list", "[1.0, 2.50]")))
        .isEqualTo(DriftReport.none());
    assertThat(comparator.compare(at("tags", "[1, 2]"), at("tags", "[2.0, 1.00]")))
        .isEqualTo(DriftReport.none());
    assertThat(comparator.compare(at("tags", "[1]"), at("tags", "[\"1\"]")).fields())
        .containsExactly("tags");
  }

  @ParameterizedTest
  @MethodSource("enumFields")
  void enumFieldsIgnoreCase(String path) {
    JsonNode desired = at(path, "\"self-Hosted\"");
    JsonNode actual = at(path, "\"SELF-hosted\"");

    assertThat(comparator.compare(desired, actual).differences()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("enumFields")
  void enumFieldsWithAnotherValueDrift(String path) {
    assertThat(comparator.compare(at(path, "\"allow\""), at(path, "\"Forbid\"")).differences())
        .containsExactly(drift(path, "allow", "Forbid"));
  }

  @Test
  void concurrencyPolicyInPatchCaseMatchesGetCase() {
    String path = "settings.cron.concurrencyPolicy";

    assertThat(comparator.compare(at(path, "\"allow\""), at(path, "\"Allow\"")).drifted())
        .isFalse();
  }

  @Test
  void nonEnumStringsAreCaseSensitive() {
    JsonNode desired = json("{\"name\": \"Example Job\", \"tags\": [\"my-tag\"]}");
    JsonNode actual = json("{\"name\": \"example job\", \"tags\": [\"My-Tag\"]}");

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift("name", "Example Job", "example job"),
            drift("tags", "[\"my-tag\"]", "[\"My-Tag\"]"));
  }

  @Test
  void numbersCompareByValue() {
    JsonNode desired =
        json(
            """
            {"settings": {"activeDeadlineSeconds": 600, "backoffLimit": 0},
             "deployment": {"storage": {"ephemeralStorage": {"storageSize": 1024}}}}
            """);
    JsonNode actual =
        json(
            """
            {"settings": {"activeDeadlineSeconds": 600.0, "backoffLimit": 0.00},
             "deployment": {"storage": {"ephemeralStorage": {"storageSize": 1.024E3}}}}
            """);

    assertThat(comparator.compare(desired, actual).differences()).isEmpty();
  }

  @Test
  void differentNumbersDrift() {
    String path = "settings.activeDeadlineSeconds";

    assertThat(comparator.compare(at(path, "600"), at(path, "600.5")).differences())
        .containsExactly(drift(path, "600", "600.5"));
  }

  @Test
  void booleansCompareExactly() {
    assertThat(comparator.compare(at("suspended", "false"), at("suspended", "false")).drifted())
        .isFalse();
    assertThat(comparator.compare(at("suspended", "false"), at("suspended", "true")).differences())
        .containsExactly(drift("suspended", "false", "true"));
  }

  @Test
  void typeMismatchIsDrift() {
    JsonNode desired =
        json(
            """
            {"settings": {"activeDeadlineSeconds": 600}, "suspended": false,
             "name": "job", "tags": ["my-tag"]}
            """);
    JsonNode actual =
        json(
            """
            {"settings": {"activeDeadlineSeconds": "600"}, "suspended": "false",
             "name": {"text": "job"}, "tags": "my-tag"}
            """);

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift("name", "\"job\"", "{\"text\":\"job\"}"),
            drift("settings.activeDeadlineSeconds", "600", "\"600\""),
            drift("suspended", "false", "\"false\""),
            drift("tags", "[\"my-tag\"]", "\"my-tag\""));
  }

  @Test
  void anEmptyDeclaredListMatchesALiveJobThatLeavesTheListOut() {
    JsonNode desired = json("{\"tags\": [], \"buildConfiguration\": {\"dockerCredentials\": []}}");

    assertThat(comparator.compare(desired, json("{}")).drifted()).isFalse();
    assertThat(comparator.compare(desired, json("{\"tags\": [\"x\"]}")).differences())
        .containsExactly(drift("tags", "[]", "[\"x\"]"));
  }

  @Test
  void declaredFieldMissingFromLiveJobIsAbsent() {
    JsonNode desired = json("{\"name\": \"job\", \"description\": \"Runs nightly\"}");
    JsonNode actual = json("{\"name\": \"job\"}");

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(drift("description", "Runs nightly", FieldDrift.ABSENT));
  }

  @Test
  void liveJsonNullIsAbsent() {
    JsonNode desired = json("{\"description\": \"Runs nightly\", \"tags\": [\"my-tag\"]}");
    JsonNode actual = json("{\"description\": null, \"tags\": null}");

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift("description", "Runs nightly", FieldDrift.ABSENT),
            drift("tags", "[\"my-tag\"]", FieldDrift.ABSENT));
  }

  @Test
  void desiredJsonNullIsNotManaged() {
    JsonNode desired =
        json("{\"description\": null, \"settings\": {\"cron\": null, \"backoffLimit\": null}}");

    assertThat(comparator.compare(desired, json("{\"description\": \"x\"}")).drifted()).isFalse();
    assertThat(comparator.compare(desired, MissingNode.getInstance()).drifted()).isFalse();
  }

  @Test
  void liveFieldsTheSpecDoesNotDeclareAreIgnored() {
    JsonNode desired = json("{\"name\": \"job\", \"settings\": {\"backoffLimit\": 0}}");
    JsonNode actual =
        json(
            """
            {"name": "job", "description": "not managed", "suspended": true,
             "settings": {"backoffLimit": 0, "activeDeadlineSeconds": 600,
                          "cron": {"schedule": "* * * * *"}}}
            """);

    assertThat(comparator.compare(desired, actual).differences()).isEmpty();
  }

  @Test
  void liveFieldsTheOperatorDoesNotKnowAreIgnored() {
    JsonNode desired = json("{\"buildConfiguration\": {\"isAllowList\": false}}");
    JsonNode actual =
        json(
            """
            {"buildConfiguration": {"isAllowList": false, "someNewFlag": true},
             "cluster": {"id": "nf-europe-west", "loadBalancers": [{"id": "lb-1"}]},
             "futureTopLevel": {"x": 1}}
            """);

    assertThat(comparator.compare(desired, actual).differences()).isEmpty();
  }

  @Test
  void nestedDifferencesAreReportedAtTheirDottedPath() {
    JsonNode desired =
        json(
            """
            {"deployment": {"storage": {"ephemeralStorage": {"storageSize": 2048}}},
             "settings": {"cron": {"schedule": "0 * * * *"}}}
            """);
    JsonNode actual =
        json(
            """
            {"deployment": {"storage": {"ephemeralStorage": {"storageSize": 1024}}},
             "settings": {"cron": {"schedule": "30 8 * * *"}}}
            """);

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift("deployment.storage.ephemeralStorage.storageSize", "2048", "1024"),
            drift("settings.cron.schedule", "0 * * * *", "30 8 * * *"));
  }

  @Test
  void declaredObjectMissingFromLiveJobReportsEveryDeclaredLeafAbsent() {
    JsonNode desired =
        json(
            """
            {"settings": {"cron": {"schedule": "0 * * * *", "concurrencyPolicy": "Forbid"},
                          "backoffLimit": 2, "activeDeadlineSeconds": null},
             "buildConfiguration": {"pathIgnoreRules": ["*.md"], "storage": {}}}
            """);
    JsonNode actual = json("{\"name\": \"job\"}");

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift("buildConfiguration.pathIgnoreRules", "[\"*.md\"]", FieldDrift.ABSENT),
            drift("settings.backoffLimit", "2", FieldDrift.ABSENT),
            drift("settings.cron.concurrencyPolicy", "Forbid", FieldDrift.ABSENT),
            drift("settings.cron.schedule", "0 * * * *", FieldDrift.ABSENT));
  }

  @Test
  void declaredObjectWithNonObjectLiveValueReportsEveryDeclaredLeafAbsent() {
    JsonNode desired = json("{\"settings\": {\"cron\": {\"schedule\": \"0 * * * *\"}}}");

    for (String live : new String[] {"\"cron\"", "[]", "null", "7"}) {
      assertThat(comparator.compare(desired, json("{\"settings\": {\"cron\": " + live + "}}")))
          .as("live settings.cron = %s", live)
          .isEqualTo(
              new DriftReport(
                  List.of(drift("settings.cron.schedule", "0 * * * *", FieldDrift.ABSENT))));
    }
  }

  static Stream<Arguments> liveRootsThatAreNotObjects() {
    return Stream.of(
        Arguments.of((JsonNode) null),
        Arguments.of(MissingNode.getInstance()),
        Arguments.of(NullNode.getInstance()),
        Arguments.of(json("[]")),
        Arguments.of(json("\"job\"")));
  }

  @ParameterizedTest
  @MethodSource("liveRootsThatAreNotObjects")
  void liveJobThatIsNotAnObjectLacksEveryDeclaredField(JsonNode actual) {
    JsonNode desired = json("{\"name\": \"job\", \"settings\": {\"backoffLimit\": 0}}");

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift("name", "job", FieldDrift.ABSENT),
            drift("settings.backoffLimit", "0", FieldDrift.ABSENT));
  }

  static Stream<Arguments> desiredTreesThatDeclareNothing() {
    return Stream.of(
        Arguments.of((JsonNode) null),
        Arguments.of(MissingNode.getInstance()),
        Arguments.of(NullNode.getInstance()),
        Arguments.of(json("{}")),
        Arguments.of(json("{\"settings\": {}}")),
        Arguments.of(json("{\"settings\": {\"cron\": {}}, \"deployment\": {\"storage\": {}}}")));
  }

  @ParameterizedTest
  @MethodSource("desiredTreesThatDeclareNothing")
  void emptyDesiredDeclaresNothing(JsonNode desired) {
    JsonNode actual = json("{\"name\": \"job\"}");

    assertThat(comparator.compare(desired, actual)).isEqualTo(DriftReport.none());
    assertThat(comparator.compare(desired, null)).isEqualTo(DriftReport.none());
  }

  @Test
  void emptyDeclaredListIsAValue() {
    assertThat(comparator.compare(at("tags", "[]"), at("tags", "[\"my-tag\"]")).differences())
        .containsExactly(drift("tags", "[]", "[\"my-tag\"]"));
  }

  @Test
  void listsRenderAsCompactJsonArrays() {
    JsonNode desired =
        json(
            """
            {"buildConfiguration": {"pathIgnoreRules": [ "*.md", "docs/\\"draft\\"" ]},
             "future": {"sizes": [ 1, 2.5, true ]}}
            """);
    JsonNode actual =
        json(
            """
            {"buildConfiguration": {"pathIgnoreRules": [ "*.md" ]},
             "future": {"sizes": [ 1 ]}}
            """);

    assertThat(comparator.compare(desired, actual).differences())
        .containsExactly(
            drift(
                "buildConfiguration.pathIgnoreRules",
                "[\"*.md\",\"docs/\\\"draft\\\"\"]",
                "[\"*.md\"]"),
            drift("future.sizes", "[1,2.5,true]", "[1]"));
  }

  @Test
  void differencesAreSortedByFieldPath() {
    JsonNode desired =
        json(
            """
            {"suspended": true, "settings": {"cron": {"schedule": "0 * * * *"}, "backoffLimit": 1},
             "name": "b", "billing": {"deploymentPlan": "nf-compute-50"}, "description": "d"}
            """);
    JsonNode reordered =
        json(
            """
            {"description": "d", "billing": {"deploymentPlan": "nf-compute-50"}, "name": "b",
             "settings": {"backoffLimit": 1, "cron": {"schedule": "0 * * * *"}}, "suspended": true}
            """);
    JsonNode actual =
        json(
            """
            {"suspended": false,
             "settings": {"cron": {"schedule": "30 8 * * *"}, "backoffLimit": 0}, "name": "a",
             "billing": {"deploymentPlan": "nf-compute-20"}}
            """);

    DriftReport report = comparator.compare(desired, actual);

    assertThat(report.fields())
        .containsExactly(
            "billing.deploymentPlan",
            "description",
            "name",
            "settings.backoffLimit",
            "settings.cron.schedule",
            "suspended");
    assertThat(comparator.compare(reordered, actual)).isEqualTo(report);
  }

  @Test
  void eachDifferenceSaysWhetherPatchCanCorrectIt() {
    JsonNode desired =
        json(
            "{\"name\": \"Wanted\", \"suspended\": true, \"settings\": {\"cron\": {\"schedule\":"
                + " \"0 * * * *\"}}}");
    JsonNode actual =
        json(
            "{\"name\": \"Live\", \"suspended\": false, \"settings\": {\"cron\": {\"schedule\": \"5"
                + " * * * *\"}}}");

    assertThat(comparator.compare(desired, actual).differences())
        .extracting(FieldDrift::field, FieldDrift::correctable)
        .containsExactly(
            Tuple.tuple("name", false),
            Tuple.tuple("settings.cron.schedule", true),
            Tuple.tuple("suspended", true));
  }
}
