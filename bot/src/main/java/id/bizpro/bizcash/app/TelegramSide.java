package id.bizpro.bizcash.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.notify.OutboxDispatcher;
import id.bizpro.bizcash.notify.RateLimitedSender;
import id.bizpro.bizcash.notify.TelegramRateLimiter;
import id.bizpro.bizcash.telegram.BotApplication;
import id.bizpro.bizcash.telegram.LimitedSender;
import id.bizpro.bizcash.topup.PaymentLinks;
import id.bizpro.bizcash.webhook.telegram.TelegramUpdateSink;
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Everything that talks to Telegram: the bot (long polling or webhook), one rate limiter shared by
 * conversation replies and the outbox dispatcher, and the dispatcher itself. Closed before the
 * database.
 */
final class TelegramSide implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelegramSide.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BotApplication bot;
  private final OutboxDispatcher dispatcher;
  private final TelegramClient client;
  private static final Duration MAX_CONNECT_WAIT = Duration.ofSeconds(30);
  private volatile boolean closed;
  private volatile Thread connector;

  private TelegramSide(BotApplication bot, OutboxDispatcher dispatcher, TelegramClient client) {
    this.bot = bot;
    this.dispatcher = dispatcher;
    this.client = client;
  }

  static TelegramSide start(AppConfig config, LedgerServices services, PaymentLinks paymentLinks,
      java.util.Optional<id.bizpro.bizcash.ppob.PpobService> ppob) {
    String token = config.telegramBotToken().orElseThrow();
    TelegramClient client = new OkHttpTelegramClient(token, BotApplication.telegramUrl(config.telegramApiUrl()));
    TelegramRateLimiter limiter = new TelegramRateLimiter(config.notifications());
    RateLimitedSender limited = new RateLimitedSender(client, limiter);
    // A chat worker holds one connection for its turn (services it calls join that handle) and
    // briefly one for registration before it; leave room for the statement workers, the
    // dispatcher's LISTEN connection, the webhook routes and the jobs.
    int workers = Math.max(2, (config.database().poolSize() - 6) / 2);
    BotApplication bot =
        Conversations.bot(
            new BotApplication.Settings(token, config.telegramApiUrl(), config.telegramBotUsername(), workers, Duration.ofSeconds(50)),
            services,
            new Conversations.Settings(config.payeeAccounts(), config.adminTelegramIds(), paymentLinks,
                config.publicBaseUrl()).withPpob(ppob),
            direct -> new LimitedSender(direct, limited));
    OutboxDispatcher dispatcher = new OutboxDispatcher(services.jdbi(), client, limiter, config.notifications());
    return new TelegramSide(bot, dispatcher, client);
  }

  /**
   * Starts delivering the outbox and receiving updates (long polling, or registering the webhook).
   * When Telegram cannot be reached, start-up goes on without it — the HTTP side (bank and gateway
   * confirmations) must not wait for Telegram — and a background thread keeps trying, 1 s apart at
   * first and at most 30 s apart, until it connects or the application stops.
   */
  void connect(AppConfig config) {
    dispatcher.start();
    try {
      connectOnce(config);
      return;
    } catch (RuntimeException e) {
      log.warn("Telegram cannot be reached at start ({}); the HTTP server runs, and the bot keeps trying to connect",
          e.getMessage());
    }
    connector = Thread.ofPlatform().daemon().name("telegram-connect").start(() -> {
      Duration wait = Duration.ofSeconds(1);
      while (!closed) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
        if (closed) {
          return;
        }
        try {
          connectOnce(config);
          log.info("Telegram reached: the bot is connected");
          return;
        } catch (RuntimeException e) {
          wait = wait.multipliedBy(2).compareTo(MAX_CONNECT_WAIT) > 0 ? MAX_CONNECT_WAIT : wait.multipliedBy(2);
          log.warn("Telegram still cannot be reached ({}); next try in {} s", e.getMessage(), wait.toSeconds());
        }
      }
    });
  }

  private void connectOnce(AppConfig config) {
    if (config.telegramWebhookUrl().isPresent()) {
      String url = webhookEndpoint(config.telegramWebhookUrl().get());
      try {
        bot.registerCommands();
        client.execute(SetWebhook.builder()
            .url(url)
            .secretToken(config.telegramWebhookSecret().orElseThrow())
            .allowedUpdates(BotApplication.ALLOWED_UPDATES)
            .build());
        log.info("Telegram webhook mode: updates arrive on POST /telegram ({})", config.telegramWebhookUrl().get().getHost());
      } catch (TelegramApiException e) {
        throw new IllegalStateException("Telegram setWebhook failed: " + e.getMessage(), e);
      }
    } else {
      bot.startPolling();
    }
  }

  /**
   * The URL Telegram posts updates to: TELEGRAM_WEBHOOK_URL itself when it already names the
   * route ({@code …/telegram}), else that URL with {@code /telegram} appended to its path, so a
   * reverse-proxy prefix such as {@code https://pay.example.id/bizcash} is kept.
   */
  static String webhookEndpoint(java.net.URI base) {
    String s = base.toString();
    if (s.endsWith("/telegram")) {
      return s;
    }
    return s.endsWith("/") ? s + "telegram" : s + "/telegram";
  }

  /**
   * For POST /telegram: handled before the route answers, so a failure makes Telegram retry. An
   * update that does not map to {@link Update} never will: it is reported as unreadable, and the
   * route drops it instead of having Telegram redeliver it forever.
   */
  TelegramUpdateSink updateSink() {
    return raw -> {
      Update update;
      try {
        update = JSON.readValue(raw, Update.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new TelegramUpdateSink.UnreadableUpdate(e);
      }
      bot.handle(update);
    };
  }

  OutboxDispatcher dispatcher() {
    return dispatcher;
  }

  BotApplication bot() {
    return bot;
  }

  @Override
  public void close() {
    closed = true;
    Thread c = connector;
    if (c != null) {
      c.interrupt();
      try {
        c.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    bot.close(); // first its statements still being made, which upload through its client

    dispatcher.close();
  }
}
