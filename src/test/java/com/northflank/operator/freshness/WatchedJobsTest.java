package com.northflank.operator.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.freshness.WatchedJobs.Group;
import com.northflank.operator.client.ApiToken;
import com.northflank.operator.client.ProjectRef;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How many resources each sweep covers, as resources join, leave and change project or token. */
class WatchedJobsTest {

  private static final ApiToken TOKEN = ApiToken.of("nf-watched-test-token");
  private static final ApiToken OTHER_TOKEN = ApiToken.of("nf-watched-other-token");
  private static final ProjectRef A = new ProjectRef(null, "project-a");
  private static final ProjectRef B = new ProjectRef(null, "project-b");
  private static final ListedFields NOTHING_KNOWN =
      new ListedFields(null, null, null, null, null, null, null);

  private final WatchedJobs watched = new WatchedJobs();

  @Test
  void eachResourceCountsOnceInTheSweepOfItsTokenAndProject() {
    observe("one", TOKEN, A);
    observe("two", TOKEN, A);
    observe("three", TOKEN, B);
    // a second read of the same resource, and a registration from its status after a read
    observe("one", TOKEN, A);
    watched.observeIfAbsent("ns/one", resource("one"), TOKEN, A, "one", NOTHING_KNOWN);
    watched.observeMissing("ns/two");

    assertThat(watched.groupSizes())
        .isEqualTo(Map.of(new Group(TOKEN, A), 2, new Group(TOKEN, B), 1));
  }

  @Test
  void aResourceThatChangesProjectOrTokenMovesBetweenSweeps() {
    observe("one", TOKEN, A);
    observe("two", TOKEN, A);

    observe("two", TOKEN, B);
    assertThat(watched.groupSizes())
        .isEqualTo(Map.of(new Group(TOKEN, A), 1, new Group(TOKEN, B), 1));

    observe("one", OTHER_TOKEN, A);
    assertThat(watched.groupSizes())
        .isEqualTo(Map.of(new Group(OTHER_TOKEN, A), 1, new Group(TOKEN, B), 1));
  }

  @Test
  void aForgottenResourceLeavesItsSweepAndAnEmptySweepIsGone() {
    watched.observeIfAbsent("ns/one", resource("one"), TOKEN, A, "one", NOTHING_KNOWN);
    observe("two", TOKEN, A);
    observe("three", TOKEN, B);

    watched.forget("ns/one");
    watched.forget("ns/three");
    watched.forget("ns/three");
    watched.forget("ns/never-seen");

    assertThat(watched.groupSizes()).isEqualTo(Map.of(new Group(TOKEN, A), 1));
  }

  /** Its Secret now holds another token: the old token's sweep no longer covers it. */
  @Test
  void aResourceThatReadsWithAnotherTokenLeavesTheOldTokensSweepAtOnce() {
    observe("one", TOKEN, A);
    observe("two", TOKEN, A);

    watched.readsWith("ns/one", TOKEN);
    watched.readsWith("ns/two", OTHER_TOKEN);

    assertThat(watched.groupSizes()).isEqualTo(Map.of(new Group(TOKEN, A), 1));
    assertThat(watched.isWatched("ns/two")).isFalse();
  }

  private void observe(String name, ApiToken token, ProjectRef project) {
    watched.observe("ns/" + name, resource(name), token, project, name, NOTHING_KNOWN);
  }

  private static ResourceID resource(String name) {
    return new ResourceID(name, "ns");
  }
}
