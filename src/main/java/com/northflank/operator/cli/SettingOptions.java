package com.northflank.operator.cli;

import com.northflank.operator.config.Setting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line face of the operator's settings: each setting that has a flag becomes a picocli
 * option made from its declaration (name, value label, help), so no command repeats a name, a
 * variable or a default. The values stay text: {@link
 * com.northflank.operator.config.OperatorConfig#from} parses flags and environment alike, and
 * {@link FlagSettings} names the flag when a value given by one is bad.
 *
 * <p>Commands add the options from a {@code @Spec} setter, which picocli calls while it builds the
 * command from its annotations; a model transformer would be skipped for subcommands added with
 * {@code addSubcommand}, as {@link Main} adds them.
 */
final class SettingOptions {

  private SettingOptions() {}

  /** Adds an option for each of {@code settings} that has a flag. */
  static void declare(CommandSpec command, List<Setting<?>> settings) {
    for (Setting<?> setting : settings) {
      setting.flag().ifPresent(flag -> command.addOption(option(flag, setting)));
    }
  }

  /**
   * The environment's values of {@code settings}, and no other variable, overlaid with the flags
   * given on {@code command}.
   */
  static FlagSettings read(
      CommandSpec command, List<Setting<?>> settings, Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    for (Setting<?> setting : settings) {
      String value = environment.get(setting.variable());
      if (value != null) {
        values.put(setting.variable(), value);
      }
    }
    FlagSettings read = new FlagSettings(values);
    for (Setting<?> setting : settings) {
      setting
          .flag()
          .ifPresent(
              flag ->
                  read.flag(setting.variable(), flag, command.findOption(flag).<String>getValue()));
    }
    return read;
  }

  /** The description, then where else the value may come from and what applies when unset. */
  static String help(Setting<?> setting) {
    return setting.description().replace("`", "")
        + " Env "
        + setting.variable()
        + ". Default: "
        + setting.defaultText().replace("`", "")
        + ".";
  }

  /**
   * Text, not a typed value: without a flag the option stays null and the variable stays in force,
   * so picocli is given no default either.
   */
  private static OptionSpec option(String flag, Setting<?> setting) {
    OptionSpec.Builder option =
        OptionSpec.builder(flag)
            .type(String.class)
            .paramLabel(setting.type().label())
            .description(help(setting));
    if (setting.type().isSwitch()) {
      option.arity("0..1").fallbackValue("true");
    }
    return option.build();
  }
}
