package com.northflank.operator.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void equalObjectsNeedNoPatch() throws Exception {
    assertThat(MergePatch.diff(json("{'a':1,'b':{'c':[1,2]}}"), json("{'a':1,'b':{'c':[1,2]}}")))
        .isEmpty();
  }

  @Test
  void changedAndAddedFieldsAreSetAndRemovedOnesNulled() throws Exception {
    JsonNode patch =
        MergePatch.diff(
            json("{'a':1,'gone':'x','nested':{'keep':1,'change':1,'drop':1}}"),
            json("{'a':2,'new':true,'nested':{'keep':1,'change':2}}"));

    assertThat(patch)
        .isEqualTo(json("{'a':2,'gone':null,'new':true,'nested':{'change':2,'drop':null}}"));
  }

  @Test
  void listsAreReplacedWhole() throws Exception {
    assertThat(MergePatch.diff(json("{'l':[1,2,3]}"), json("{'l':[1,2]}")))
        .isEqualTo(json("{'l':[1,2]}"));
  }

  @Test
  void anObjectReplacingAScalarIsSetWhole() throws Exception {
    assertThat(MergePatch.diff(json("{'x':1}"), json("{'x':{'y':2}}")))
        .isEqualTo(json("{'x':{'y':2}}"));
  }

  @Test
  void fromNothing() throws Exception {
    assertThat(MergePatch.diff(null, json("{'a':1}"))).isEqualTo(json("{'a':1}"));
  }

  @Test
  void applyMergesObjectsRemovesNullsAndReplacesArrays() throws Exception {
    ObjectNode target = (ObjectNode) json("{'a':1,'gone':2,'n':{'keep':1,'x':1},'l':[1,2,3]}");

    MergePatch.apply(target, json("{'gone':null,'n':{'x':2,'y':3},'l':[9],'new':{'z':true}}"));

    assertThat(target)
        .isEqualTo(json("{'a':1,'n':{'keep':1,'x':2,'y':3},'l':[9],'new':{'z':true}}"));
  }

  @Test
  void applyingTheDiffTurnsSourceIntoTarget() throws Exception {
    JsonNode source = json("{'a':1,'b':{'c':1,'d':[1]},'e':'x'}");
    JsonNode target = json("{'a':1,'b':{'c':2},'f':{'g':null}}");
    ObjectNode result = source.deepCopy();

    MergePatch.apply(result, MergePatch.diff(source, target));

    assertThat(result).isEqualTo(json("{'a':1,'b':{'c':2},'f':{}}"));
  }
}
