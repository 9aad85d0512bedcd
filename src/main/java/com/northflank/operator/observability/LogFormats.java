package com.northflank.operator.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.northflank.operator.config.OperatorConfig.LogFormat;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** Switches Logback to the chosen format: logback.xml (text) or logback-json.xml (JSON lines). */
public final class LogFormats {

  private LogFormats() {}

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
