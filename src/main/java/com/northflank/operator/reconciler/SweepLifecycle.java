package com.northflank.operator.reconciler;

import com.northflank.operator.freshness.ListSweeper;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;

/**
 * The list sweeps run in the one process that reconciles, and only while it does: from the
 * operator's start without leader election; with it, from taking the lease (JOSDK starts the
 * informers and event sources of a standby too, only event processing waits for the lease, so the
 * sweeps cannot be an event source) until losing it. A stop ends them either way.
 */
final class SweepLifecycle {

  private final ListSweeper sweeper;
  private final Optional<LeaderElectionConfiguration> lease;

  /**
   * @param lease the operator's leader election, if on; {@link #lease()} is what JOSDK must use
   */
  SweepLifecycle(ListSweeper sweeper, Optional<LeaderElectionConfiguration> lease) {
    this.sweeper = sweeper;
    this.lease = lease.map(this::following);
  }

  /** The leader election to configure: the one given, with callbacks that start and stop sweeps. */
  Optional<LeaderElectionConfiguration> lease() {
    return lease;
  }

  /** The informers and the controller started; without leader election this process reconciles. */
  void operatorStarted() {
    if (lease.isEmpty()) {
      sweeper.start();
    }
  }

  /** The operator stops: no list request from now on, whatever else is still running. */
  void stop() {
    sweeper.close();
  }

  private LeaderElectionConfiguration following(LeaderElectionConfiguration given) {
    Optional<LeaderCallbacks> theirs = given.getLeaderCallbacks();
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              theirs.ifPresent(LeaderCallbacks::onStartLeading);
              sweeper.start();
            },
            () -> {
              // before JOSDK's own reaction, which may be to exit
              sweeper.close();
              theirs.ifPresent(LeaderCallbacks::onStopLeading);
            },
            leader -> theirs.ifPresent(c -> c.onNewLeader(leader)));
    return new LeaderElectionConfiguration(
        given.getLeaseName(),
        given.getLeaseNamespace().orElse(null),
        given.getLeaseDuration(),
        given.getRenewDeadline(),
        given.getRetryPeriod(),
        given.getIdentity().orElse(null),
        callbacks,
        given.isExitOnStopLeading());
  }
}
