package com.northflank.operator.playground.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What page a GET of a list asks for, and the continue token's round trip. */
class ListPageTest {

  private static final String JOBS = "/apis/northflank.com/v1alpha1/northflankjobs";

  @Test
  void aListWithoutLimitOrContinueAsksForAllOfItAndAWatchForNoPage() {
    assertThat(ListPage.requested(JOBS)).contains(new ListPage(0, null));
    assertThat(ListPage.requested(JOBS + "?labelSelector=a%3Db")).contains(new ListPage(0, null));
    // kube-apiserver takes a limit of 0 or less as no limit
    assertThat(ListPage.requested(JOBS + "?limit=0")).contains(new ListPage(0, null));
    assertThat(ListPage.requested(JOBS + "?limit=-3")).contains(new ListPage(0, null));
    assertThat(ListPage.requested(JOBS + "?watch=true&limit=1")).isEmpty();
    assertThat(ListPage.requested(JOBS + "?watch=1")).isEmpty();
  }

  @Test
  void aLimitAsksForTheFirstPage() {
    assertThat(ListPage.requested(JOBS + "?limit=500")).contains(new ListPage(500, null));
  }

  @Test
  void theTokenOfAPageLeadsToTheObjectsAfterItsLastKey() {
    String token = ListPage.continueToken(ListPage.key("team-a", "nightly"));

    Optional<ListPage> next = ListPage.requested(JOBS + "?limit=2&continue=" + token);

    assertThat(next).contains(new ListPage(2, "team-a/nightly"));
    assertThat(next.get().notServedBefore("team-a/nightly")).isFalse();
    assertThat(next.get().notServedBefore("team-a/backup")).isFalse();
    assertThat(next.get().notServedBefore("team-a/weekly")).isTrue();
    assertThat(next.get().notServedBefore("team-b/backup")).isTrue();
    assertThat(token).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aClusterScopedObjectSortsBeforeEveryNamespace() {
    assertThat(ListPage.key(null, "zeta")).isLessThan(ListPage.key("a", "alpha"));
  }

  @Test
  void aContinueWithoutALimitServesTheRest() {
    String token = ListPage.continueToken(ListPage.key("ns", "b"));

    assertThat(ListPage.requested(JOBS + "?continue=" + token)).contains(new ListPage(0, "ns/b"));
  }

  @Test
  void aLimitThatIsNoNumberOrATokenThatIsNotOursIsRefused() {
    assertThatThrownBy(() -> ListPage.requested(JOBS + "?limit=ten"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be a number, not \"ten\"");
    assertThatThrownBy(() -> ListPage.requested(JOBS + "?limit=1&continue=garbage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("continue key is not valid");
    assertThatThrownBy(() -> ListPage.requested(JOBS + "?continue=%25%25"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("continue key is not valid");
  }
}
