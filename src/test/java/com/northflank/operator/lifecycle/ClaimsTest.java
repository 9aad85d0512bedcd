package com.northflank.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.model.NorthflankJobSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ClaimsTest {

  static NorthflankJob resource(String namespace, String created, String job, boolean writes) {
    NorthflankJob resource = new NorthflankJob();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName("report")
            .withNamespace(namespace)
            .withCreationTimestamp(created)
            .build());
    resource.setSpec(
        new NorthflankJobSpec("p", job, null, null, null, null, writes ? "Correct" : null, null));
    return resource;
  }

  @Test
  void theOlderWriterKeepsTheJobAndTheNewerIsToldWhoHasIt() {
    NorthflankJob older = resource("team-a", "2026-12-01T10:00:00Z", "report", true);
    NorthflankJob newer = resource("team-b", "2026-12-02T10:00:00Z", "report", true);

    assertThat(Claims.olderClaimant(older, Stream.of(older, newer))).isEmpty();
    assertThat(Claims.olderClaimant(newer, Stream.of(older, newer))).contains("team-a/report");
  }

  @Test
  void readersClaimNothingAndAreClaimedByNothing() {
    NorthflankJob reader = resource("team-a", "2026-12-01T10:00:00Z", "report", false);
    NorthflankJob writer = resource("team-b", "2026-12-02T10:00:00Z", "report", true);

    assertThat(Claims.olderClaimant(writer, Stream.of(reader, writer))).isEmpty();
    assertThat(Claims.olderClaimant(reader, Stream.of(reader, writer))).isEmpty();
  }

  @Test
  void anotherJobIsNoClaim() {
    NorthflankJob older = resource("team-a", "2026-12-01T10:00:00Z", "other", true);
    NorthflankJob newer = resource("team-b", "2026-12-02T10:00:00Z", "report", true);

    assertThat(Claims.olderClaimant(newer, Stream.of(older, newer))).isEmpty();
  }

  @Test
  void theSameSecondIsDecidedByNamespaceAlike() {
    NorthflankJob a = resource("team-a", "2026-12-01T10:00:00Z", "report", true);
    NorthflankJob b = resource("team-b", "2026-12-01T10:00:00Z", "report", true);

    assertThat(Claims.olderClaimant(a, Stream.of(a, b))).isEmpty();
    assertThat(Claims.olderClaimant(b, Stream.of(a, b))).contains("team-a/report");
  }
}
