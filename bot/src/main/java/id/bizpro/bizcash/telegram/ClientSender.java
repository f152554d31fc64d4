package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.conversation.TelegramSender;
import java.io.Serializable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** Sends straight through a TelegramBots client (OkHttp). Thread-safe, as the client is. */
public final class ClientSender implements TelegramSender {
  private final TelegramClient client;

  public ClientSender(TelegramClient client) {
    this.client = client;
  }

  @Override
  public <T extends Serializable> T execute(BotApiMethod<T> method) throws TelegramApiException {
    return client.execute(method);
  }

  @Override
  public Message sendDocument(SendDocument document) throws TelegramApiException {
    return client.execute(document);
  }

  @Override
  public Message sendPhoto(SendPhoto photo) throws TelegramApiException {
    return client.execute(photo);
  }
}
