package id.bizpro.bizcash.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Console mode keeps log lines out of the chat: only warnings and errors, on stderr. */
class ConsoleLoggingTest {
  @Test
  void console_mode_logs_warnings_to_stderr_and_nothing_to_stdout() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Console.logsToStderrAtWarn();
      Logger log = LoggerFactory.getLogger("id.bizpro.bizcash.ConsoleLoggingProbe");
      log.info("an info line the chat must not show");
      log.warn("a warning the operator should see");
      assertEquals(Level.WARN, root.getLevel());
      String o = out.toString(StandardCharsets.UTF_8);
      String e = err.toString(StandardCharsets.UTF_8);
      assertFalse(o.contains("info line") || o.contains("warning the operator"), o);
      assertTrue(e.contains("a warning the operator should see") && !e.contains("info line"), e);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      root.setLevel(level);
      root.iteratorForAppenders().forEachRemaining(a -> {
        if (a instanceof ConsoleAppender<?> c) {
          c.stop();
          c.setTarget("System.out");
          c.start();
        }
      });
    }
  }
}
