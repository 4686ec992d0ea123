package io.ecslogon.operator.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Captures every log line the test JVM writes (operator, JOSDK, fabric8, sshj) for a class. */
public final class LogCapture implements BeforeAllCallback, AfterAllCallback {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    appender.stop();
  }

  /** Every captured line, formatted, with any exception's messages appended. */
  public List<String> lines() {
    synchronized (appender) {
      return appender.list.stream().map(LogCapture::render).toList();
    }
  }

  private static String render(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getFormattedMessage());
    for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
      line.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
    }
    return line.toString();
  }
}
