package id.bizpro.bizcash.notify;

import java.time.Duration;
import java.util.regex.Pattern;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * What a failed Bot API call means for the caller: wait and retry ({@link RetryAfter}), retry with
 * back-off ({@link Transient}), or give up on this chat ({@link Permanent}). Descriptions are safe
 * to store and log: a bot token that slipped into an error text is redacted. Immutable.
 */
public sealed interface TelegramFailure {
  String description();

  /** 429: Telegram asks everyone to wait this long. */
  record RetryAfter(Duration retryAfter, String description) implements TelegramFailure {}

  /** 5xx, an unreadable answer or a network error: worth retrying later. */
  record Transient(String description) implements TelegramFailure {}

  /** The chat cannot receive this message (blocked, deleted, not found, bad request). */
  record Permanent(String description) implements TelegramFailure {}

  Pattern TOKEN = Pattern.compile("\\d{3,}:[A-Za-z0-9_-]{20,}");

  static TelegramFailure classify(TelegramApiException e) {
    String text = redact(describe(e));
    if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null) {
      int code = r.getErrorCode();
      if (code == 429) {
        Integer seconds = r.getParameters() == null ? null : r.getParameters().getRetryAfter();
        return new RetryAfter(Duration.ofSeconds(seconds == null ? 1 : Math.max(1, seconds)), text);
      }
      if (code == 403) {
        return new Permanent(text);
      }
      if (code == 400) {
        // "chat not found", "message is too long", "can't parse entities": retrying sends the same
        // request and gets the same answer, so give up on this row rather than hold up the chat.
        return new Permanent(text);
      }
      if (code >= 500) {
        return new Transient(text);
      }
      // 401/404 mean a wrong token or URL: every message would fail, so keep them for later.
      return new Transient(text);
    }
    return new Transient(text);
  }

  private static String describe(TelegramApiException e) {
    StringBuilder out = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
      if (!out.isEmpty()) {
        out.append(" <- ");
      }
      out.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        out.append(": ").append(t.getMessage());
      }
    }
    String s = out.toString();
    return s.length() > 500 ? s.substring(0, 500) : s;
  }

  /** Removes anything shaped like a bot token ({@code 123456:ABC…}). */
  static String redact(String text) {
    return TOKEN.matcher(text).replaceAll("<token>");
  }
}
