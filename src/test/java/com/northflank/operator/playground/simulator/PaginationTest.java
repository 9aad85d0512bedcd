package com.northflank.operator.playground.simulator;

import static com.northflank.operator.playground.simulator.ApiAssertions.assertError;
import static com.northflank.operator.playground.simulator.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaginationTest {

  private static final String JOBS = "/v1/projects/bench-project/jobs";

  private final SimulatorFixture fixture =
      new SimulatorFixture(SimulatorOptions.builder().token(SimulatorFixture.TOKEN).build());

  @AfterEach
  void close() {
    fixture.close();
  }

  private static List<String> expectedIds(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("job-%05d", i)).toList();
  }

  /** Follows cursors the way the js-client's all() does: until a page has no cursor. */
  private List<JsonNode> walk(String options) {
    List<JsonNode> pages = new ArrayList<>();
    String path = JOBS + "?" + options;
    while (true) {
      JsonNode page = assertOk(fixture.get(path));
      pages.add(page);
      JsonNode cursor = page.at("/pagination/cursor");
      if (cursor.isMissingNode()) {
        return pages;
      }
      assertThat(pages).as("pages").hasSizeLessThan(50);
      path = JOBS + "?" + options + "&cursor=" + cursor.asText();
    }
  }

  private static List<String> ids(List<JsonNode> pages) {
    List<String> ids = new ArrayList<>();
    pages.forEach(page -> page.at("/data/jobs").forEach(job -> ids.add(job.get("id").asText())));
    return ids;
  }

  @Test
  void defaultPagesOfFiftyCoverAllJobsOnce() {
    fixture.simulator.seedSyntheticJobs("bench-project", 120);

    List<JsonNode> pages = walk("");

    assertThat(pages).hasSize(3);
    assertThat(pages)
        .extracting(p -> p.at("/pagination/count").asInt())
        .containsExactly(50, 50, 20);
    assertThat(pages)
        .extracting(p -> p.at("/pagination/hasNextPage").asBoolean())
        .containsExactly(true, true, false);
    assertThat(ids(pages)).containsExactlyElementsOf(expectedIds(120));
  }

  @Test
  void perPageIsCappedAtOneHundred() {
    fixture.simulator.seedSyntheticJobs("bench-project", 120);

    List<JsonNode> pages = walk("per_page=100");

    assertThat(pages).extracting(p -> p.at("/pagination/count").asInt()).containsExactly(100, 20);
    assertThat(ids(pages)).containsExactlyElementsOf(expectedIds(120));
    assertError(fixture.get(JOBS + "?per_page=101"), 400);
    assertError(fixture.get(JOBS + "?per_page=0"), 400);
    assertError(fixture.get(JOBS + "?per_page=lots"), 400);
  }

  @Test
  void pageNumbersWorkToo() {
    fixture.simulator.seedSyntheticJobs("bench-project", 120);

    JsonNode third = assertOk(fixture.get(JOBS + "?per_page=50&page=3"));

    assertThat(third.at("/data/jobs/0/id").asText()).isEqualTo("job-00101");
    assertThat(third.at("/pagination/count").asInt()).isEqualTo(20);
    assertThat(third.at("/pagination/hasNextPage").asBoolean()).isFalse();
  }

  @Test
  void anExactMultipleEndsWithoutAnEmptyPage() {
    fixture.simulator.seedSyntheticJobs("bench-project", 100);

    List<JsonNode> pages = walk("");

    assertThat(pages).extracting(p -> p.at("/pagination/count").asInt()).containsExactly(50, 50);
  }

  @Test
  void aCursorSurvivesChangesBeforeIt() {
    fixture.simulator.seedSyntheticJobs("bench-project", 120);
    JsonNode first = assertOk(fixture.get(JOBS));
    String cursor = first.at("/pagination/cursor").asText();
    assertThat(cursor).matches("[A-Za-z0-9_-]+");

    fixture.simulator.deleteJob("bench-project", "job-00050");
    fixture.simulator.deleteJob("bench-project", "job-00010");

    JsonNode second = assertOk(fixture.get(JOBS + "?cursor=" + cursor));
    assertThat(second.at("/data/jobs/0/id").asText()).isEqualTo("job-00051");
  }

  @Test
  void aForgedCursorIsABadRequest() {
    fixture.simulator.seedSyntheticJobs("bench-project", 3);

    assertError(fixture.get(JOBS + "?cursor=not*base64"), 400);
    assertError(fixture.get(JOBS + "?cursor=Zm9v"), 400);
  }

  @Test
  void syntheticJobsAreFullDocuments() {
    fixture.simulator.seedSyntheticJobs("bench-project", 12);

    JsonNode cron = fixture.simulator.job("bench-project", "job-00001").orElseThrow();
    JsonNode manual = fixture.simulator.job("bench-project", "job-00003").orElseThrow();

    assertThat(cron.get("appId").asText()).isEqualTo("/example-user/bench-project/job-00001");
    assertThat(cron.at("/settings/cron/schedule").asText()).isNotBlank();
    assertThat(cron.get("suspended").isBoolean()).isTrue();
    assertThat(cron.at("/cluster/namespace").isTextual()).isTrue();
    assertThat(manual.get("jobType").asText()).isEqualTo("manual");
    assertThat(manual.at("/settings").has("cron")).isFalse();
    assertThat(manual.has("suspended")).isFalse();
    assertThat(
            fixture
                .simulator
                .job("bench-project", "job-00004")
                .orElseThrow()
                .at("/buildEngineConfiguration/buildEngine")
                .asText())
        .isEqualTo("buildkit");
  }
}
