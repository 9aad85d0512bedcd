package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patches of a Deployment as kube-apiserver applies them: lists merged by key, the
 * rest as a JSON merge patch, and each directive kubectl sends.
 */
class StrategicMergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "app", "labels": {"a": "1"}, "finalizers": ["x", "y"]},
       "spec": {"replicas": 1, "template": {"metadata": {"labels": {"app": "a"}},
         "spec": {
           "tolerations": [{"key": "t1"}, {"key": "t2"}],
           "volumes": [{"name": "data", "emptyDir": {}}],
           "containers": [
             {"name": "app", "image": "app:1",
              "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
              "ports": [{"containerPort": 80}, {"containerPort": 9090, "name": "metrics"}]},
             {"name": "sidecar", "image": "sidecar:1"}]}}}}
      """;

  @Test
  void fieldsMergeAsInAJsonMergePatchAndNullDeletes() {
    JsonNode patched =
        patch(
            "{\"metadata\": {\"labels\": {\"a\": null, \"b\": \"2\"}}, \"spec\": {\"replicas\":"
                + " 3}}");

    assertThat(patched.at("/metadata/labels")).isEqualTo(json("{\"b\": \"2\"}"));
    assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(patched.at("/spec/template/spec/containers")).hasSize(2);
  }

  @Test
  void aListWithoutAMergeStrategyIsReplacedWhole() {
    JsonNode patched =
        patch("{\"spec\": {\"template\": {\"spec\": {\"tolerations\": [{\"key\": \"t3\"}]}}}}");

    assertThat(patched.at("/spec/template/spec/tolerations"))
        .isEqualTo(json("[{\"key\": \"t3\"}]"));
  }

  @Test
  void containersMergeByNameAndKeepWhatThePatchDoesNotName() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "app:2"}]}}}}
            """);

    JsonNode containers = patched.at("/spec/template/spec/containers");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).path("name").asText()).isEqualTo("app");
    assertThat(containers.get(0).path("image").asText()).isEqualTo("app:2");
    assertThat(containers.get(0).path("env")).hasSize(2);
    assertThat(containers.get(1))
        .isEqualTo(json("{\"name\": \"sidecar\", \"image\": \"sidecar:1\"}"));
  }

  @Test
  void envMergesByNameAndAnAddedElementComesFirstWithoutAnOrder() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"containers": [{"name": "app",
              "env": [{"name": "C", "value": "3"}, {"name": "B", "value": "two"}]}]}}}}
            """);

    assertThat(patched.at("/spec/template/spec/containers/0/env"))
        .isEqualTo(
            json(
                "[{\"name\": \"C\", \"value\": \"3\"}, {\"name\": \"A\", \"value\": \"1\"},"
                    + " {\"name\": \"B\", \"value\": \"two\"}]"));
  }

  @Test
  void setElementOrderOrdersTheMergedList() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {
              "$setElementOrder/containers": [{"name": "app"}, {"name": "sidecar"}],
              "containers": [{"name": "app",
                "$setElementOrder/env": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
                "env": [{"name": "C", "value": "3"}]}]}}}}
            """);

    assertThat(patched.at("/spec/template/spec/containers/0/env"))
        .isEqualTo(
            json(
                "[{\"name\": \"A\", \"value\": \"1\"}, {\"name\": \"B\", \"value\": \"2\"},"
                    + " {\"name\": \"C\", \"value\": \"3\"}]"));
    assertThat(patched.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("sidecar");
  }

  @Test
  void setElementOrderAloneReordersTheStoredList() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {
              "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}]}}}}
            """);

    assertThat(patched.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("sidecar");
    assertThat(patched.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("app");
  }

  @Test
  void aPatchListOutOfTheDirectivesOrderIsRefused() {
    assertThatThrownBy(
            () ->
                patch(
                    """
                    {"spec": {"template": {"spec": {"containers": [{"name": "app",
                      "$setElementOrder/env": [{"name": "A"}, {"name": "B"}],
                      "env": [{"name": "B", "value": "b"}, {"name": "A", "value": "a"}]}]}}}}
                    """))
        .isInstanceOf(StrategicMergePatch.InvalidPatch.class)
        .hasMessageContaining("doesn't match $setElementOrder list");
  }

  @Test
  void patchDeleteInAListRemovesTheElementWithThatKey() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"containers": [{"name": "app",
              "env": [{"name": "A", "$patch": "delete"}],
              "ports": [{"containerPort": 9090, "$patch": "delete"}]}]}}}}
            """);

    JsonNode app = patched.at("/spec/template/spec/containers/0");
    assertThat(app.path("env")).isEqualTo(json("[{\"name\": \"B\", \"value\": \"2\"}]"));
    assertThat(app.path("ports")).isEqualTo(json("[{\"containerPort\": 80}]"));
  }

  @Test
  void patchReplaceInAListReplacesTheList() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"containers": [
              {"$patch": "replace"}, {"name": "only", "image": "only:1"}]}}}}
            """);

    assertThat(patched.at("/spec/template/spec/containers"))
        .isEqualTo(json("[{\"name\": \"only\", \"image\": \"only:1\"}]"));
  }

  @Test
  void patchReplaceAndDeleteInAnObject() {
    JsonNode replaced =
        patch("{\"metadata\": {\"labels\": {\"$patch\": \"replace\", \"c\": \"3\"}}}");
    JsonNode deleted = patch("{\"metadata\": {\"labels\": {\"$patch\": \"delete\"}}}");

    assertThat(replaced.at("/metadata/labels")).isEqualTo(json("{\"c\": \"3\"}"));
    assertThat(deleted.at("/metadata/labels")).isEqualTo(json("{}"));
    assertThat(deleted.at("/metadata/name").asText()).isEqualTo("app");
  }

  @Test
  void patchMergeIsRefusedAsKubeApiserverRefusesIt() {
    assertThatThrownBy(() -> patch("{\"metadata\": {\"labels\": {\"$patch\": \"merge\"}}}"))
        .isInstanceOf(StrategicMergePatch.InvalidPatch.class)
        .hasMessageContaining("unknown patch type");
    assertThatThrownBy(
            () ->
                patch(
                    "{\"spec\": {\"template\": {\"spec\": {\"containers\": [{\"$patch\":"
                        + " \"merge\"}]}}}}"))
        .isInstanceOf(StrategicMergePatch.InvalidPatch.class)
        .hasMessage("merging lists cannot yet be specified in the patch");
  }

  @Test
  void finalizersMergeAsASetAndDeleteFromPrimitiveListRemovesValues() {
    JsonNode added = patch("{\"metadata\": {\"finalizers\": [\"z\", \"x\"]}}");
    JsonNode removed =
        patch("{\"metadata\": {\"$deleteFromPrimitiveList/finalizers\": [\"x\", \"absent\"]}}");

    assertThat(added.at("/metadata/finalizers")).isEqualTo(json("[\"z\", \"x\", \"y\"]"));
    assertThat(removed.at("/metadata/finalizers")).isEqualTo(json("[\"y\"]"));
  }

  @Test
  void retainKeysClearsTheStoredFieldsItDoesNotName() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"volumes": [{"name": "data",
              "$retainKeys": ["name", "configMap"], "configMap": {"name": "cm"}}]}}}}
            """);

    assertThat(patched.at("/spec/template/spec/volumes"))
        .isEqualTo(json("[{\"name\": \"data\", \"configMap\": {\"name\": \"cm\"}}]"));
  }

  @Test
  void retainKeysMustNameEveryFieldThePatchSets() {
    assertThatThrownBy(
            () -> patch("{\"spec\": {\"$retainKeys\": [\"replicas\"], \"paused\": true}}"))
        .isInstanceOf(StrategicMergePatch.InvalidPatch.class)
        .hasMessage("invalid patch format of retainKeys");
  }

  @Test
  void anElementOfAMergedListNeedsItsMergeKey() {
    assertThatThrownBy(
            () ->
                patch(
                    "{\"spec\": {\"template\": {\"spec\": {\"containers\": [{\"image\":"
                        + " \"x\"}]}}}}"))
        .isInstanceOf(StrategicMergePatch.InvalidPatch.class)
        .hasMessageContaining("does not contain declared merge key: name");
  }

  @Test
  void mergeKeysThatAreNumbersMatchWhateverTheirNotation() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"containers": [{"name": "app",
              "ports": [{"containerPort": 80.0, "protocol": "TCP"}]}]}}}}
            """);

    JsonNode ports = patched.at("/spec/template/spec/containers/0/ports");
    assertThat(ports).hasSize(2);
    assertThat(ports.get(0).path("protocol").asText()).isEqualTo("TCP");
  }

  @Test
  void directivesOfAListNotStoredYetAreAppliedNotStored() {
    JsonNode patched =
        patch(
            """
            {"spec": {"template": {"spec": {"containers": [{"name": "sidecar",
              "$setElementOrder/env": [{"name": "X"}],
              "env": [{"name": "X", "value": "x"}, {"name": "Y", "$patch": "delete"}]}]}}}}
            """);

    assertThat(patched.at("/spec/template/spec/containers/1/env"))
        .isEqualTo(json("[{\"name\": \"X\", \"value\": \"x\"}]"));
  }

  @Test
  void anUnknownDirectiveIsRefused() {
    assertThatThrownBy(() -> patch("{\"spec\": {\"$replicas\": 1}}"))
        .isInstanceOf(StrategicMergePatch.InvalidPatch.class)
        .hasMessageContaining("unknown directive $replicas");
  }

  @Test
  void neitherTheStoredObjectNorThePatchIsChanged() {
    JsonNode stored = json(DEPLOYMENT);
    JsonNode patch =
        json(
            """
            {"spec": {"template": {"spec": {"containers": [
              {"name": "app", "env": [{"name": "A", "$patch": "delete"}]}]}}}}
            """);
    JsonNode storedBefore = stored.deepCopy();
    JsonNode patchBefore = patch.deepCopy();

    StrategicMergePatch.apply(stored, patch, PatchSchema.DEPLOYMENT);

    assertThat(stored).isEqualTo(storedBefore);
    assertThat(patch).isEqualTo(patchBefore);
  }

  @Test
  void withoutDirectivesLeavesTheFieldsThePatchSets() {
    JsonNode patch =
        json(
            """
            {"$retainKeys": ["spec"], "spec": {"$setElementOrder/x": [], "x": [{"a": 1,
              "$patch": "delete"}]}}
            """);

    assertThat(StrategicMergePatch.withoutDirectives(patch))
        .isEqualTo(json("{\"spec\": {\"x\": [{\"a\": 1}]}}"));
  }

  private static JsonNode patch(String patch) {
    return StrategicMergePatch.apply(json(DEPLOYMENT), json(patch), PatchSchema.DEPLOYMENT);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
