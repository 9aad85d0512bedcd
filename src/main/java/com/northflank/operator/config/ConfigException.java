package com.northflank.operator.config;

import java.util.Objects;

/**
 * A setting is missing or malformed. The message is {@code SETTING: problem}; a command line that
 * knows the setting came from one of its flags can name the flag instead ({@link #setting()},
 * {@link #problem()}).
 */
public class ConfigException extends RuntimeException {

  private final String setting;
  private final String problem;

  /**
   * @param setting the setting's environment variable name, e.g. {@code SYNC_INTERVAL}
   * @param problem what is wrong with its value, without the setting's name
   */
  public ConfigException(String setting, String problem) {
    super(setting + ": " + problem);
    this.setting = Objects.requireNonNull(setting, "setting");
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The environment variable name of the setting, which is also its key in the settings map. */
  public String setting() {
    return setting;
  }

  /** What is wrong, e.g. {@code 'soon' is not a duration such as 90s, 5m or 1h30m}. */
  public String problem() {
    return problem;
  }
}
