package com.northflank.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version and the git commit this build was made from, as the build wrote them into
 * {@code build-info.properties} (pom.xml: resource filtering and git-commit-id-maven-plugin).
 */
record BuildInfo(String version, String commit) {

  static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "build-info.properties";

  static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return new BuildInfo(
        filled(properties.getProperty("version")), filled(properties.getProperty("commit")));
  }

  /** A value the build did not fill in (no build, or no git metadata) is unknown, not "${...}". */
  private static String filled(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.strip();
  }
}
