package com.northflank.operator.cli;

import com.northflank.operator.config.ConfigException;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.gitops.BudgetedReads;
import com.northflank.operator.client.ApiToken;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Northflank API options of {@code export} and {@code diff}: the same flags and environment
 * variables as {@code run}, and the same operator-wide token.
 */
final class ApiOptions {

  /** Only these are read from the environment: a bad SYNC_INTERVAL must not stop an export. */
  private static final List<String> SETTINGS =
      List.of(
          OperatorConfig.API_URL,
          OperatorConfig.API_TOKEN,
          OperatorConfig.API_TOKEN_FILE,
          OperatorConfig.API_BUDGET,
          OperatorConfig.CONNECT_TIMEOUT,
          OperatorConfig.REQUEST_TIMEOUT);

  @Option(
      names = "--api-url",
      paramLabel = "URL",
      description =
          "Northflank API base URL. Env NORTHFLANK_API_URL. Default: "
              + OperatorConfig.DEFAULT_API_URL)
  String apiUrl;

  @Option(
      names = "--token-file",
      paramLabel = "PATH",
      description =
          "File holding the API token, which needs read permission only."
              + " Env NORTHFLANK_API_TOKEN_FILE, or the token itself in NORTHFLANK_API_TOKEN.")
  String tokenFile;

  @Option(
      names = "--api-budget",
      paramLabel = "N/DURATION",
      description =
          "Northflank requests allowed per window; reads are paced evenly within it, as the"
              + " operator paces them. Env NORTHFLANK_API_BUDGET. Default: 1000/1h.")
  String apiBudget;

  @Mixin TimeoutOptions timeouts = new TimeoutOptions();

  /**
   * Reads through the configured API with the operator-wide token; empty, with the reason on {@code
   * err}, when a setting is bad or there is no token.
   */
  Optional<BudgetedReads> connect(Map<String, String> environment, PrintStream err) {
    Map<String, String> api = new HashMap<>();
    for (String setting : SETTINGS) {
      if (environment.containsKey(setting)) {
        api.put(setting, environment.get(setting));
      }
    }
    FlagSettings settings =
        new FlagSettings(api)
            .flag(OperatorConfig.API_URL, "--api-url", apiUrl)
            .flag(OperatorConfig.API_TOKEN_FILE, "--token-file", tokenFile)
            .flag(OperatorConfig.API_BUDGET, "--api-budget", apiBudget);
    timeouts.overlay(settings);
    OperatorConfig config;
    try {
      config = OperatorConfig.from(settings.settings());
    } catch (ConfigException e) {
      err.println(settings.explain(e));
      return Optional.empty();
    }
    Optional<ApiToken> token = config.defaultToken().current();
    if (token.isEmpty()) {
      String file = settings.settings().get(OperatorConfig.API_TOKEN_FILE);
      err.println(
          file != null && !file.isBlank()
              ? "No API token: the token file " + file + " is missing, empty or not a token."
              : "No API token: set NORTHFLANK_API_TOKEN, or point --token-file at a file"
                  + " holding one.");
      return Optional.empty();
    }
    return Optional.of(BudgetedReads.connect(config, token.get()));
  }
}
