package id.bizpro.bizcash.telegram;

import java.io.Serializable;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
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
}
