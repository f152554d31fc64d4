package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.conversation.TelegramSender;
import id.bizpro.bizcash.notify.RateLimitedSender;
import java.io.Serializable;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Puts the conversation's replies through the same rate limiter and 429 handling as the outbox
 * dispatcher: messages, edits and deletions count against the global and the per-chat budget;
 * callback answers and bot settings are not messages and go straight through. Thread-safe.
 */
public final class LimitedSender implements TelegramSender {
  private final TelegramSender direct;
  private final RateLimitedSender limited;

  public LimitedSender(TelegramSender direct, RateLimitedSender limited) {
    this.direct = direct;
    this.limited = limited;
  }

  @Override
  public <T extends Serializable> T execute(BotApiMethod<T> method) throws TelegramApiException {
    Optional<Long> chat = chatOf(method);
    if (chat.isEmpty()) {
      return direct.execute(method);
    }
    try {
      return limited.call(chat.get(), () -> direct.execute(method));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TelegramApiException("interrupted while waiting for the Telegram rate limit", e);
    }
  }

  /** A file upload counts as one message of its chat, like a text reply. */
  @Override
  public Message sendDocument(SendDocument document) throws TelegramApiException {
    Optional<Long> chat = parse(document.getChatId());
    if (chat.isEmpty()) {
      return direct.sendDocument(document);
    }
    try {
      return limited.call(chat.get(), () -> direct.sendDocument(document));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TelegramApiException("interrupted while waiting for the Telegram rate limit", e);
    }
  }

  /** A photo upload counts as one message of its chat. */
  @Override
  public Message sendPhoto(SendPhoto photo) throws TelegramApiException {
    Optional<Long> chat = parse(photo.getChatId());
    if (chat.isEmpty()) {
      return direct.sendPhoto(photo);
    }
    try {
      return limited.call(chat.get(), () -> direct.sendPhoto(photo));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TelegramApiException("interrupted while waiting for the Telegram rate limit", e);
    }
  }

  static Optional<Long> chatOf(BotApiMethod<?> method) {
    String chat =
        switch (method) {
          case SendMessage m -> m.getChatId();
          case EditMessageText m -> m.getChatId();
          case EditMessageReplyMarkup m -> m.getChatId();
          case DeleteMessage m -> m.getChatId();
          case SendChatAction m -> m.getChatId();
          default -> null;
        };
    return parse(chat);
  }

  private static Optional<Long> parse(String chat) {
    if (chat == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(chat));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
