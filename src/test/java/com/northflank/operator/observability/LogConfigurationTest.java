package com.northflank.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogConfigurationTest {

  @Test
  void textLinesCarryTheResourceAndQuietTheLibraries() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    LogConfiguration.text(context);

    ConsoleAppender<ILoggingEvent> console = console(context);
    assertThat(console.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
    MDC.put("resource.namespace", "team-a");
    MDC.put("resource.name", "nightly");
    try {
      String line = encode(context, console.getEncoder(), "DriftDetected: tags");
      assertThat(line)
          .matches(
              "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[team-a/nightly\\] Test"
                  + " - DriftDetected: tags\\R");
    } finally {
      MDC.clear();
    }
    assertThat(context.getLogger("ROOT").getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.fabric8").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.javaoperatorsdk").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.fabric8.kubernetes.client.informers").getLevel())
        .isEqualTo(Level.ERROR);
  }

  @Test
  void aLogbackXmlOnTheClassPathWins() {
    // the tests' logback-test.xml is on the class path, as a user's logback.xml would be
    LoggerContext context = new LoggerContext();
    LogConfiguration configuration = new LogConfiguration();
    configuration.setContext(context);

    assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger("ROOT").iteratorForAppenders().hasNext()).isFalse();
  }

  @SuppressWarnings("unchecked")
  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
    List<Object> appenders = new ArrayList<>();
    context.getLogger("ROOT").iteratorForAppenders().forEachRemaining(appenders::add);
    assertThat(appenders).hasSize(1).first().isInstanceOf(ConsoleAppender.class);
    return (ConsoleAppender<ILoggingEvent>) appenders.get(0);
  }

  private static String encode(LoggerContext context, Encoder<ILoggingEvent> encoder, String msg) {
    ch.qos.logback.classic.Logger logger =
        context.getLogger("com.northflank.operator.reconciler.Test");
    ILoggingEvent event =
        new ch.qos.logback.classic.spi.LoggingEvent("fqcn", logger, Level.INFO, msg, null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(encoder.encode(event));
    return out.toString(StandardCharsets.UTF_8);
  }
}
