package id.bizpro.bizcash.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** The benchmarks' stand-in Bot API speaks enough Telegram for the real client. No timings. */
class FakeBotApiTest {
  private static OkHttpTelegramClient client(FakeBotApi api) {
    return new OkHttpTelegramClient(new OkHttpClient(), FakeBotApi.TOKEN, new TelegramUrl("http", "127.0.0.1", api.port(), false));
  }

  @Test
  void queued_updates_are_handed_out_once_and_replies_are_recorded_by_chat() throws Exception {
    try (FakeBotApi api = new FakeBotApi(0)) {
      List<Long> handedOut = new CopyOnWriteArrayList<>();
      List<String> replies = new CopyOnWriteArrayList<>();
      api.onHandout((updates, now) -> updates.forEach(u -> handedOut.add(u.get("update_id").asLong())));
      api.onReply((method, chat, now) -> replies.add(method + ":" + chat));
      api.offer(UpdatesBench.message(9_000_000_007L, "/balance"));
      OkHttpTelegramClient client = client(api);

      List<Update> updates = client.execute(GetUpdates.builder().offset(0).timeout(1).build());
      Message sent = client.execute(new SendMessage("9000000007", "Saldo"));

      assertEquals(1, updates.size());
      assertEquals("/balance", updates.get(0).getMessage().getText());
      assertEquals(List.of(1L), handedOut);
      assertEquals(9_000_000_007L, sent.getChatId());
      assertEquals(List.of("sendmessage:9000000007"), replies);
      assertTrue(client.execute(new GetMe()).getIsBot());
    }
  }

  @Test
  void sends_beyond_the_limit_in_one_second_are_answered_429_and_counted() throws Exception {
    try (FakeBotApi api = new FakeBotApi(2)) {
      OkHttpTelegramClient client = client(api);
      client.execute(new SendMessage("1", "a"));
      client.execute(new SendMessage("2", "b"));
      TelegramApiRequestException e =
          assertThrows(TelegramApiRequestException.class, () -> client.execute(new SendMessage("3", "c")));
      assertEquals(429, e.getErrorCode());
      assertEquals(1, e.getParameters().getRetryAfter());
      assertEquals(1, api.tooManyRequests());
    }
  }
}
