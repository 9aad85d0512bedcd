package com.northflank.operator.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import com.northflank.operator.config.OperatorConfig.LogFormat;
import java.net.URL;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Switches Logback to the chosen format: logback.xml (text) or logback-json.xml (JSON lines). */
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
    URL config = LogFormats.class.getResource("/logback-json.xml");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("logback-json.xml is broken", e);
    }
  }
}
