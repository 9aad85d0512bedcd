package com.northflank.operator.gitops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/**
 * Writes resources as YAML that is the same bytes for the same tree: keys in tree order, every
 * string double-quoted (an unquoted {@code 1e3}, {@code .inf}, {@code 01:02} or {@code on} would
 * read back as something else), long strings kept on one line, LF line endings, and a {@code ---}
 * before each document so that documents concatenate into a stream.
 */
final class ResourceYaml {

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private ResourceYaml() {}

  static String write(JsonNode document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always renders as YAML", e);
    }
  }
}
