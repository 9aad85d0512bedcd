package com.northflank.operator.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import com.northflank.operator.config.OperatorConfig.LogFormat;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Switches Logback to the chosen format: text lines (the default) or JSON lines. */
public final class LogFormats {

  private LogFormats() {}

  /**
   * Sends console log lines to stderr, for commands whose stdout is data (an export's YAML stream,
   * diff's JSON) that a warning must not corrupt.
   */
  public static void toStandardError() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof ConsoleAppender<ILoggingEvent> console
            && !"System.err".equals(console.getTarget())) {
          console.stop();
          console.setTarget("System.err");
          console.start();
        }
      }
    }
  }

  public static void apply(LogFormat format) {
    if (format != LogFormat.JSON) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    LogConfiguration.json(context);
  }
}
