package com.northflank.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.northflank.operator.config.OperatorConfig.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogFormatsTest {

  @Test
  void jsonLinesCarryTheResourceFromJosdksMdc() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogFormats.apply(LogFormat.JSON);
      MDC.put("resource.namespace", "team-a");
      MDC.put("resource.name", "nightly");
      LoggerFactory.getLogger("com.northflank.operator.reconciler.Test")
          .info("DriftDetected: {}", "tags");
    } finally {
      MDC.clear();
      System.setOut(original);
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      new ContextInitializer(context).autoConfig();
    }

    JsonNode line =
        new ObjectMapper()
            .readTree(
                captured
                    .toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.contains("DriftDetected"))
                    .findFirst()
                    .orElseThrow());
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("DriftDetected: tags");
    assertThat(line.path("mdc").path("resource.namespace").asText()).isEqualTo("team-a");
    assertThat(line.path("mdc").path("resource.name").asText()).isEqualTo("nightly");
  }

  @Test
  void textLeavesTheConfigurationAlone() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var appenders = context.getLogger("ROOT").iteratorForAppenders();
    String before = appenders.hasNext() ? appenders.next().getName() : "";

    LogFormats.apply(LogFormat.TEXT);

    var after = context.getLogger("ROOT").iteratorForAppenders();
    assertThat(after.hasNext() ? after.next().getName() : "").isEqualTo(before);
  }
}
