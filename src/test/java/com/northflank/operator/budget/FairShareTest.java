package com.northflank.operator.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Water-filling: the modest demands are met, the greedy ones share the rest equally. */
class FairShareTest {

  @Test
  void aCapacityThatCoversEveryDemandHoldsNobody() {
    FairShare shares = new FairShare();
    shares.add(1);
    shares.add(2);

    assertThat(shares.level(3)).isInfinite();
  }

  @Test
  void theGreedyShareWhatTheModestLeave() {
    FairShare shares = new FairShare();
    shares.add(0.5);
    shares.add(1000);
    shares.add(1000);

    // 0.5 is met; 1000 and 1000 share 9.5
    assertThat(shares.level(10)).isCloseTo(4.75, within(1e-9));
  }

  @Test
  void equalDemandsGetEqualShares() {
    FairShare shares = new FairShare();
    for (int i = 0; i < 100; i++) {
      shares.add(1);
    }

    assertThat(shares.level(18)).isCloseTo(0.18, within(1e-9));
  }

  @Test
  void aRemovedDemandNoLongerCounts() {
    FairShare shares = new FairShare();
    shares.add(5);
    shares.add(5);
    shares.add(1000);

    shares.remove(1000);
    shares.remove(42);

    assertThat(shares.level(8)).isCloseTo(4, within(1e-9));
    shares.remove(5);
    assertThat(shares.level(8)).isInfinite();
  }
}
