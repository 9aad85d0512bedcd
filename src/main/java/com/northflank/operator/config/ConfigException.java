package com.northflank.operator.config;

/** A setting is missing or malformed; the message names the setting and what was wrong. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
