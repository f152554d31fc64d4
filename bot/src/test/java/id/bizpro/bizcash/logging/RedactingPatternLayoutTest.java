package id.bizpro.bizcash.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

class RedactingPatternLayoutTest {
  private static final String TOKEN = "7412589630:AAHk3v9-Zq_1xYw2EeRrTtUuIiOoPpAaSsD";

  @Test
  void a_bot_token_in_a_message_or_a_stack_trace_never_reaches_the_log_line() {
    LoggerContext context = new LoggerContext();
    RedactingPatternLayout layout = new RedactingPatternLayout();
    layout.setContext(context);
    layout.setPattern("%-5level %logger - %msg%n");
    layout.start();
    Logger logger = context.getLogger("org.telegram.telegrambots");
    LoggingEvent event = new LoggingEvent(
        "fqcn", logger, Level.WARN,
        "POST https://api.telegram.org/bot" + TOKEN + "/sendmessage failed",
        new IOException("unexpected end of stream on https://api.telegram.org/bot" + TOKEN + "/getupdates"),
        null);

    String line = layout.doLayout(event);

    assertFalse(line.contains(TOKEN), line);
    assertFalse(line.contains("AAHk3v9"), line);
    assertTrue(line.contains("/bot<redacted>/sendmessage"), line);
    assertTrue(line.contains("/bot<redacted>/getupdates"), line);
  }

  @Test
  void a_bare_token_is_redacted_but_ordinary_numbers_and_times_are_kept() {
    assertTrue(RedactingPatternLayout.redact("token " + TOKEN + " set").contains("<redacted-token>"));
    String ordinary = "order TOP-8K2QX7 paid 106123 at 14:05:33, user 123456789";
    assertTrue(RedactingPatternLayout.redact(ordinary).equals(ordinary));
  }

  @Test
  void the_shipped_logback_configuration_uses_the_redacting_layout() throws Exception {
    URL config = getClass().getClassLoader().getResource("logback.xml");
    assertTrue(config != null, "logback.xml is on the classpath");
    String xml = new String(config.openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(xml.contains(RedactingPatternLayout.class.getName()), xml);
  }
}
