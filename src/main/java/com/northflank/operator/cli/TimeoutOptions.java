package com.northflank.operator.cli;

import com.northflank.operator.config.OperatorConfig;
import picocli.CommandLine.Option;

/** The Northflank API timeouts, the same flags for every command that calls the API. */
final class TimeoutOptions {

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      description = "Northflank API connect timeout. Env NORTHFLANK_CONNECT_TIMEOUT. Default: 5s.")
  String connectTimeout;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      description = "Northflank API request timeout. Env NORTHFLANK_REQUEST_TIMEOUT. Default: 10s.")
  String requestTimeout;

  FlagSettings overlay(FlagSettings settings) {
    return settings
        .flag(OperatorConfig.CONNECT_TIMEOUT, "--connect-timeout", connectTimeout)
        .flag(OperatorConfig.REQUEST_TIMEOUT, "--request-timeout", requestTimeout);
  }
}
