package id.bizpro.bizcash.conversation;

import java.io.Serializable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Sends one Bot API request. The one seam between the bot and Telegram, so that a rate limiter
 * (about 30 messages per second, 1 per second per chat) and 429 {@code retry_after} handling can
 * be put in front of it without touching the flows. Implementations must be thread-safe.
 */
public interface TelegramSender {
  <T extends Serializable> T execute(BotApiMethod<T> method) throws TelegramApiException;

  /**
   * Uploads a file ({@code sendDocument} is a multipart request, not a {@link BotApiMethod}).
   * Senders that cannot upload (a console, a wrapper written before uploads existed) refuse with
   * an exception; a wrapper should delegate this method too.
   */
  default Message sendDocument(SendDocument document) throws TelegramApiException {
    throw new TelegramApiException(getClass().getSimpleName() + " cannot upload documents");
  }

  /** Uploads a photo (a payment link's QR code); like {@link #sendDocument}, refused where uploads are not possible. */
  default Message sendPhoto(SendPhoto photo) throws TelegramApiException {
    throw new TelegramApiException(getClass().getSimpleName() + " cannot upload photos");
  }
}
