package id.bizpro.bizcash.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Pattern;

/**
 * A logback pattern layout that removes Telegram bot tokens from every formatted line, stack traces
 * included. HTTP clients put the token in the request path ({@code /bot<id>:<secret>/sendMessage}),
 * and a library logging a failed request would otherwise write it to the log. Thread-safe, as
 * logback layouts must be.
 */
public final class RedactingPatternLayout extends PatternLayout {
  /** {@code 123456789:AAH…} — the bot id, a colon and the secret part @BotFather issues. */
  private static final Pattern TOKEN = Pattern.compile("\\b\\d{3,20}:[A-Za-z0-9_-]{20,}");
  private static final Pattern IN_PATH = Pattern.compile("/bot\\d{3,20}:[A-Za-z0-9_-]+");

  @Override
  public String doLayout(ILoggingEvent event) {
    return redact(super.doLayout(event));
  }

  public static String redact(String line) {
    String out = IN_PATH.matcher(line).replaceAll("/bot<redacted>");
    return TOKEN.matcher(out).replaceAll("<redacted-token>");
  }
}
