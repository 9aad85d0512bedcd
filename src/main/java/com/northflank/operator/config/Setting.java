package com.northflank.operator.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator setting, declared once (after Flink's {@code ConfigOption}): the environment
 * variable it is read from, which is also its key in the settings map {@link
 * OperatorConfig#from(Map)} reads; the flag that overrides it on {@code run}'s command line, if
 * it has one; its type, which parses and validates; its default; and what it means. {@link
 * OperatorConfig} reads its values through it, the command line makes its options from it and the
 * configuration docs' table is rendered from it, so none of them can drift from the others.
 *
 * <p>Declared in {@link OperatorSettings}.
 */
public final class Setting<T> {

  private final String variable;
  private final String flag;
  private final SettingType<T> type;
  private final String defaultValue;
  private final String defaultMeaning;
  private final String description;

  private Setting(Builder<T> builder) {
    this.variable = Objects.requireNonNull(builder.variable, "variable");
    this.flag = builder.flag;
    this.type = Objects.requireNonNull(builder.type, "type");
    this.defaultValue = builder.defaultValue;
    this.defaultMeaning = builder.defaultMeaning;
    this.description = Objects.requireNonNull(builder.description, "description");
    if (defaultValue == null && defaultMeaning == null) {
      throw new IllegalStateException(
          variable + " declares neither a default nor what being unset means");
    }
    if (flag != null && !flag.startsWith("--")) {
      throw new IllegalStateException(variable + "'s flag " + flag + " does not start with --");
    }
    if (defaultValue != null) {
      // a default the setting's own type rejects would only fail when the variable is unset
      type.parse(defaultValue);
    }
  }

  /** Starts the declaration of the setting read from environment variable {@code variable}. */
  public static <T> Builder<T> builder(String variable, SettingType<T> type) {
    return new Builder<>(variable, type);
  }

  /** The environment variable, e.g. {@code SYNC_INTERVAL}, and the key in the settings map. */
  public String variable() {
    return variable;
  }

  /**
   * The {@code run} flag, e.g. {@code --sync-interval}; empty for a setting only the environment
   * may carry (the token itself: a command line is visible to every process on the node).
   */
  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  public SettingType<T> type() {
    return type;
  }

  /** The text used when the setting is unset, read like a given value; empty when none is. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * What being unset means in words, for help and docs: the meaning declared with the default (e.g.
   * {@code all namespaces} for an empty list), else the default value itself.
   */
  public String defaultText() {
    return defaultMeaning != null ? defaultMeaning : defaultValue;
  }

  /** Whether {@link #defaultText()} is a value one could type rather than words. */
  public boolean defaultIsValue() {
    return defaultMeaning == null;
  }

  /**
   * What the setting does, in sentences; text in backticks is code, which help text shows without
   * them.
   */
  public String description() {
    return description;
  }

  /**
   * The setting's value in {@code settings}: the given text, or the default, parsed; null when
   * unset without a default. Blank text counts as unset.
   *
   * @throws ConfigException naming {@link #variable()} when the text is not a valid value
   */
  public T from(Map<String, String> settings) {
    String text = given(settings).orElse(defaultValue);
    if (text == null) {
      return null;
    }
    try {
      return type.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(variable, e.getMessage());
    }
  }

  /** The trimmed text given for the setting, if any that is not blank. */
  public Optional<String> given(Map<String, String> settings) {
    String value = settings.get(variable);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  @Override
  public String toString() {
    return variable;
  }

  /** The rest of a declaration: flag, default and description. */
  public static final class Builder<T> {
    private final String variable;
    private final SettingType<T> type;
    private String flag;
    private String defaultValue;
    private String defaultMeaning;
    private String description;

    private Builder(String variable, SettingType<T> type) {
      this.variable = variable;
      this.type = type;
    }

    public Builder<T> flag(String name) {
      this.flag = name;
      return this;
    }

    /** Used when the setting is unset; parsed like any value, and shown as it is. */
    public Builder<T> defaultValue(String text) {
      this.defaultValue = text;
      return this;
    }

    /** Used when the setting is unset, and shown as {@code meaning}: {@code all namespaces}. */
    public Builder<T> defaultValue(String text, String meaning) {
      this.defaultValue = text;
      this.defaultMeaning = meaning;
      return this;
    }

    /** Unset reads as null, which {@code meaning} explains, e.g. {@code the current namespace}. */
    public Builder<T> noDefault(String meaning) {
      this.defaultValue = null;
      this.defaultMeaning = meaning;
      return this;
    }

    public Builder<T> description(String sentences) {
      this.description = sentences;
      return this;
    }

    public Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
