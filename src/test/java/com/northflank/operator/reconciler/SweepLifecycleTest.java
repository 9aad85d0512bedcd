package com.northflank.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.northflank.operator.budget.RequestBudget;
import com.northflank.operator.client.UnexpectedCalls;
import com.northflank.operator.config.ApiBudget;
import com.northflank.operator.freshness.ListSweeper;
import com.northflank.operator.freshness.WatchedJobs;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The list sweeps run where the reconciles do: never on a standby, never after a stop. */
class SweepLifecycleTest {

  private final ListSweeper sweeper =
      new ListSweeper(
          new UnexpectedCalls("the list sweeper") {},
          new RequestBudget(ApiBudget.parse("100/1h")),
          new WatchedJobs(),
          resource -> {});

  @AfterEach
  void close() {
    sweeper.close();
  }

  @Test
  void withoutLeaderElectionTheSweepsStartWithTheOperatorAndEndWithIt() {
    SweepLifecycle sweeps = new SweepLifecycle(sweeper, Optional.empty());
    assertThat(sweeps.lease()).isEmpty();
    assertThat(sweeper.isRunning()).as("built, not started").isFalse();

    sweeps.operatorStarted();
    assertThat(sweeper.isRunning()).as("started").isTrue();

    sweeps.stop();
    assertThat(sweeper.isRunning()).as("stopped").isFalse();
    sweeps.operatorStarted();
    assertThat(sweeper.isRunning()).as("a stop is final").isFalse();
  }

  @Test
  void aStandbyNeverSweepsTheLeaderSweepsUntilItLosesTheLease() {
    SweepLifecycle sweeps = new SweepLifecycle(sweeper, Optional.of(lease(null)));
    LeaderCallbacks callbacks = sweeps.lease().orElseThrow().getLeaderCallbacks().orElseThrow();

    sweeps.operatorStarted();
    callbacks.onNewLeader("replica-a");
    assertThat(sweeper.isRunning()).as("standby").isFalse();

    callbacks.onStartLeading();
    assertThat(sweeper.isRunning()).as("leader").isTrue();

    callbacks.onStopLeading();
    assertThat(sweeper.isRunning()).as("deposed").isFalse();
  }

  @Test
  void aStopEndsTheLeadersSweeps() {
    SweepLifecycle sweeps = new SweepLifecycle(sweeper, Optional.of(lease(null)));
    sweeps.lease().orElseThrow().getLeaderCallbacks().orElseThrow().onStartLeading();

    sweeps.stop();

    assertThat(sweeper.isRunning()).isFalse();
  }

  @Test
  void theLeaseKeepsItsSettingsAndCallbacks() {
    List<String> told = new ArrayList<>();
    LeaderElectionConfiguration given =
        lease(
            new LeaderCallbacks(
                () -> told.add("start"), () -> told.add("stop"), leader -> told.add(leader)));

    LeaderElectionConfiguration used =
        new SweepLifecycle(sweeper, Optional.of(given)).lease().orElseThrow();
    used.getLeaderCallbacks().orElseThrow().onNewLeader("replica-b");
    used.getLeaderCallbacks().orElseThrow().onStartLeading();
    used.getLeaderCallbacks().orElseThrow().onStopLeading();

    assertThat(used.getLeaseName()).isEqualTo("northflank-job-operator");
    assertThat(used.getLeaseNamespace()).contains("operators");
    assertThat(used.getIdentity()).contains("replica-a");
    assertThat(used.getLeaseDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(used.getRenewDeadline()).isEqualTo(Duration.ofMillis(1500));
    assertThat(used.getRetryPeriod()).isEqualTo(Duration.ofMillis(200));
    assertThat(used.isExitOnStopLeading()).isFalse();
    assertThat(told).containsExactly("replica-b", "start", "stop");
  }

  private static LeaderElectionConfiguration lease(LeaderCallbacks callbacks) {
    LeaderElectionConfigurationBuilder builder =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("northflank-job-operator")
            .withLeaseNamespace("operators")
            .withIdentity("replica-a")
            .withLeaseDuration(Duration.ofSeconds(2))
            .withRenewDeadline(Duration.ofMillis(1500))
            .withRetryPeriod(Duration.ofMillis(200))
            .withExitOnStopLeading(false);
    if (callbacks != null) {
      builder.withLeaderCallbacks(callbacks);
    }
    return builder.build();
  }
}
