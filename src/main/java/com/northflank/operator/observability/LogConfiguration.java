package com.northflank.operator.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The operator's Logback configuration, in code rather than logback.xml: Logback finds it as a
 * service before it looks for an XML file, so the operator never loads Logback's XML machinery
 * (some 600 classes, and the JDK's java.xml module, which the image's runtime does without). A
 * logback-test.xml or logback.xml on the class path, or {@code -Dlogback.configurationFile}, still
 * wins: this configurator then steps aside for Logback's own.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

  /** resource.namespace/resource.name come from JOSDK's MDC while a resource is reconciled. */
  static final String TEXT_PATTERN =
      "%d{HH:mm:ss.SSS} %-5level [%X{resource.namespace}/%X{resource.name}] %logger{0} - %msg%n";

  /** Quieter than INFO: the libraries' routine chatter, which a user cannot act on. */
  static final Map<String, Level> LEVELS =
      Map.of(
          "io.javaoperatorsdk", Level.WARN,
          "io.fabric8", Level.WARN,
          // "unstable version v1alpha1" on every start: true, and not actionable
          "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR,
          "io.fabric8.kubernetes.client.informers", Level.ERROR,
          // the playground's embedded Kubernetes API
          "io.fabric8.mockwebserver", Level.WARN,
          "io.vertx", Level.WARN,
          "io.netty", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || getClass().getClassLoader().getResource("logback-test.xml") != null
        || getClass().getClassLoader().getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    text(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Human-readable lines on stdout. */
  static void text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setPattern(TEXT_PATTERN);
    console(context, encoder);
  }

  /** One JSON object per line on stdout; JOSDK's MDC (resource.namespace, ...) is in "mdc". */
  static void json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    console(context, encoder);
  }

  private static void console(LoggerContext context, Encoder<ILoggingEvent> encoder) {
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName("STDOUT");
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
