package com.northflank.operator.playground.cli;

/** What the playground's commands say when an option is given by a name they no longer show. */
final class DeprecatedNames {

  static final String BUDGET =
      "--budget is deprecated: it is --api-budget now, as in run, export and diff.";

  private DeprecatedNames() {}
}
