package com.northflank.operator.cli;

import com.northflank.operator.config.ConfigException;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings map {@link com.northflank.operator.config.OperatorConfig} is built from: environment
 * variables overlaid with the flags that were given. It remembers which setting came from which
 * flag, so that a bad value is reported under the name the user typed ({@code --sync-interval}),
 * not the variable it maps to ({@code SYNC_INTERVAL}).
 */
final class FlagSettings {

  private final Map<String, String> settings;
  private final Map<String, String> flagOfSetting = new HashMap<>();

  FlagSettings(Map<String, String> environment) {
    this.settings = new HashMap<>(environment);
  }

  /**
   * Overlays a flag's value on its environment variable twin; a flag that was not given (null)
   * leaves the variable in force.
   */
  FlagSettings flag(String setting, String flag, String value) {
    if (value != null) {
      settings.put(setting, value);
      flagOfSetting.put(setting, flag);
    }
    return this;
  }

  Map<String, String> settings() {
    return settings;
  }

  /** The error in picocli's words, naming the flag, or the environment variable it came from. */
  String explain(ConfigException e) {
    String flag = flagOfSetting.get(e.setting());
    return flag != null
        ? "Invalid value for option '" + flag + "': " + e.problem()
        : "Invalid value for environment variable " + e.setting() + ": " + e.problem();
  }
}
