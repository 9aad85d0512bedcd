package com.northflank.operator.cli;

import com.northflank.operator.config.ConfigException;
import com.northflank.operator.config.OperatorConfig;
import com.northflank.operator.config.OperatorSettings;
import com.northflank.operator.gitops.BudgetedReads;
import com.northflank.operator.client.ApiToken;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The Northflank API options of {@code export} and {@code diff}: {@code run}'s API settings, made
 * from the same declarations, with the same operator-wide token. Only these settings are read from
 * the environment ({@link OperatorSettings#API}): a bad SYNC_INTERVAL must not stop an export.
 */
// picocli takes a class as a mixin only if it carries one of its annotations; the options
// themselves are added by declareOptions
@Command
final class ApiOptions {

  private CommandSpec command;

  /** Picocli calls it as it builds the command that mixes these options in. */
  @Spec(Spec.Target.MIXEE)
  void declareOptions(CommandSpec command) {
    this.command = command;
    SettingOptions.declare(command, OperatorSettings.API);
  }

  /**
   * Reads through the configured API with the operator-wide token; empty, with the reason on {@code
   * err}, when a setting is bad or there is no token.
   */
  Optional<BudgetedReads> connect(Map<String, String> environment, PrintStream err) {
    FlagSettings settings = SettingOptions.read(command, OperatorSettings.API, environment);
    OperatorConfig config;
    try {
      config = OperatorConfig.from(settings.settings());
    } catch (ConfigException e) {
      err.println(settings.explain(e));
      return Optional.empty();
    }
    Optional<ApiToken> token = config.defaultToken().current();
    if (token.isEmpty()) {
      err.println(
          OperatorSettings.API_TOKEN_FILE
              .given(settings.settings())
              .map(
                  file ->
                      "No API token: the token file " + file + " is missing, empty or not a token.")
              .orElse(
                  "No API token: set "
                      + OperatorSettings.API_TOKEN.variable()
                      + ", or point "
                      + OperatorSettings.API_TOKEN_FILE.flag().orElseThrow()
                      + " at a file holding one."));
      return Optional.empty();
    }
    return Optional.of(BudgetedReads.connect(config, token.get()));
  }
}
