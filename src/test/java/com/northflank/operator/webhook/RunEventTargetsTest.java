package com.northflank.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which watched jobs the strings of an undocumented body name. */
class RunEventTargetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunEventTargets targets = new RunEventTargets();

  RunEventTargetsTest() {
    watch("a/backup", "proj-a", "backup", "/team/proj-a/backup");
    watch("b/backup", "proj-b", "backup", "/team/proj-b/backup");
    watch("a/report", "proj-a", "report", null);
  }

  private void watch(String key, String project, String job, String appId) {
    String[] parts = key.split("/");
    targets.watch(key, new ResourceID(parts[1], parts[0]), project, job, appId);
  }

  private List<String> named(String body) throws Exception {
    return targets.named(RunEvent.of(null, JSON.readTree(body)).strings()).stream()
        .map(RunEventTargets.Target::key)
        .toList();
  }

  @Test
  void anAppIdAnywhereInTheBodyNamesItsJobAlone() throws Exception {
    assertThat(named("{\"data\":{\"x\":[{\"y\":{\"z\":\"/team/proj-b/backup\"}}],\"n\":\"backup\"}}"))
        .containsExactly("b/backup");
  }

  @Test
  void aPathEndingInProjectAndJobNamesThatJob() throws Exception {
    assertThat(named("{\"data\":{\"path\":\"/proj-a/report\"}}")).containsExactly("a/report");
    assertThat(named("{\"data\":{\"path\":\"/other-team/proj-a/backup\"}}"))
        .containsExactly("a/backup");
  }

  @Test
  void aJobIdAloneIsNarrowedByTheProjectTheBodyNames() throws Exception {
    assertThat(named("{\"data\":{\"jobId\":\"backup\",\"projectId\":\"proj-a\"}}"))
        .containsExactly("a/backup");
    assertThat(named("{\"data\":{\"jobId\":\"backup\"}}"))
        .containsExactlyInAnyOrder("a/backup", "b/backup");
  }

  @Test
  void numbersFieldNamesAndUnknownValuesNameNothing() throws Exception {
    assertThat(named("{\"backup\":1,\"data\":{\"report\":true,\"id\":\"r-1\"}}")).isEmpty();
  }

  @Test
  void aForgottenJobIsNamedNoMore() throws Exception {
    targets.forget("a/report");
    assertThat(named("{\"data\":{\"jobId\":\"report\"}}")).isEmpty();
  }

  @Test
  void aReadsAppIdReplacesWhatTheStatusImplied() throws Exception {
    targets.watch("a/report", new ResourceID("report", "a"), "proj-a", "report", "/t/proj-a/report");
    targets.watch("a/report", new ResourceID("report", "a"), "proj-a", "report", null);
    assertThat(named("{\"data\":{\"appId\":\"/t/proj-a/report\"}}")).containsExactly("a/report");
  }
}
