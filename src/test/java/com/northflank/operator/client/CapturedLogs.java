package com.northflank.operator.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures, at DEBUG and without echoing to the console, what the client logs. */
final class CapturedLogs implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger(HttpNorthflankClient.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level previousLevel = logger.getLevel();
  private final boolean previousAdditive = logger.isAdditive();

  CapturedLogs() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
  }

  List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
    logger.setAdditive(previousAdditive);
  }
}
