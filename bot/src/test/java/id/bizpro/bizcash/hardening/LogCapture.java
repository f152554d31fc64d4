package id.bizpro.bizcash.hardening;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures every logging event of this JVM while open: an appender on the ROOT logger, and the
 * named loggers lowered to DEBUG (their previous levels come back on close). Each event is kept
 * rendered the way an appender could print it: logger, level, formatted message, MDC, the raw
 * arguments and the whole throwable with causes and stack.
 */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Map<Logger, Level> previous = new HashMap<>();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder s = new StringBuilder();
      s.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage());
      if (e.getArgumentArray() != null) {
        s.append(" args=").append(Arrays.deepToString(e.getArgumentArray()));
      }
      if (!e.getMDCPropertyMap().isEmpty()) {
        s.append(" mdc=").append(e.getMDCPropertyMap());
      }
      if (e.getThrowableProxy() != null) {
        s.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
      lines.add(s.toString());
    }
  };

  LogCapture(String... debugLoggers) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender.setContext(context);
    appender.setName("capture");
    appender.start();
    for (String name : debugLoggers) {
      Logger l = context.getLogger(name);
      previous.put(l, l.getLevel());
      l.setLevel(Level.DEBUG);
    }
    root.addAppender(appender);
  }

  List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The captured lines that contain {@code secret}, for an assertion message. */
  List<String> linesContaining(String secret) {
    return lines.stream().filter(l -> l.contains(secret)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    previous.forEach(Logger::setLevel);
  }
}
