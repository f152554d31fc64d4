package id.bizpro.bizcash.telegram;

import id.bizpro.bizcash.conversation.TelegramSender;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.conversation.ChatLanes;
import id.bizpro.bizcash.conversation.UpdatePipeline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The bot on Telegram: a TelegramBots client and (with {@link #startPolling}) a long-polling
 * session, both on {@code TELEGRAM_API_URL}, feeding {@link BotCore}. Updates of different chats
 * are handled in parallel on a bounded pool, one chat's in order. For webhook mode, skip {@link
 * #startPolling} and call {@link #handle} from the route. Every thread it starts is its own and is
 * stopped by {@link #close}. Thread-safe.
 */
public final class BotApplication implements AutoCloseable {
  /**
   * The updates the bot asks Telegram for: messages and button presses, and for inline mode
   * (issue #18; BotFather's /setinline and /setinlinefeedback) inline queries and the chosen results.
   */
  public static final List<String> ALLOWED_UPDATES =
      List.of("message", "callback_query", "inline_query", "chosen_inline_result");

  private static final Logger log = LoggerFactory.getLogger(BotApplication.class);

  /**
   * @param token TELEGRAM_BOT_TOKEN (a secret: never logged)
   * @param apiUrl TELEGRAM_API_URL, e.g. https://api.telegram.org
   * @param botUsername the bot's username; empty: asked with getMe at start
   * @param workerThreads chats handled at once; the database pool needs 2 connections per worker
   * @param pollTimeout the long-poll wait (50 s in production, short in tests)
   */
  public record Settings(String token, URI apiUrl, Optional<String> botUsername, int workerThreads, Duration pollTimeout) {}

  /** Builds the conversations once the sender and the bot's username are known (the composition root). */
  @FunctionalInterface
  public interface CoreFactory {
    BotCore build(TelegramSender sender, String botUsername);
  }

  private final Settings settings;
  private final OkHttpClient http;
  private final OkHttpTelegramClient client;
  private final TelegramSender sender;
  private final BotCore core;
  private final ChatLanes lanes;
  private final ScheduledExecutorService pollScheduler;
  private final java.util.concurrent.atomic.AtomicLong updatesHandled = new java.util.concurrent.atomic.AtomicLong();
  private TelegramBotsLongPollingApplication polling;

  /**
   * @param senderWrapper puts a rate limiter (or anything) in front of the raw Telegram sender
   * @param core builds the conversations over the wrapped sender; closed with this bot
   */
  public BotApplication(Settings settings, Function<TelegramSender, TelegramSender> senderWrapper, CoreFactory core) {
    this.settings = settings;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(settings.pollTimeout().plusSeconds(15))
            .writeTimeout(Duration.ofSeconds(30))
            .build();
    this.client = new OkHttpTelegramClient(http, settings.token(), telegramUrl(settings.apiUrl()));
    this.sender = senderWrapper.apply(new ClientSender(client));
    String username = settings.botUsername().orElseGet(this::askUsername);
    this.core = core.build(sender, username);
    this.lanes = new ChatLanes(settings.workerThreads());
    this.pollScheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bizcash-telegram-poll");
              t.setDaemon(true);
              return t;
            });
  }

  public static TelegramUrl telegramUrl(URI api) {
    boolean https = "https".equals(api.getScheme());
    int port = api.getPort() > 0 ? api.getPort() : (https ? 443 : 80);
    return new TelegramUrl(api.getScheme(), api.getHost(), port, false);
  }

  private String askUsername() {
    try {
      return client.execute(new GetMe()).getUserName();
    } catch (TelegramApiException e) {
      throw new IllegalStateException("Telegram getMe failed (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL): " + e.getMessage(), e);
    }
  }

  /** Registers the command menus in both languages. Failures are logged, not fatal. */
  public void registerCommands() {
    for (SetMyCommands set : core.commandMenus()) {
      try {
        sender.execute(set);
      } catch (TelegramApiException e) {
        log.warn("setMyCommands ({}) failed: {}", set.getLanguageCode(), e.getMessage());
      }
    }
  }

  /** Registers the commands and starts long polling (which first deletes any webhook). */
  public synchronized void startPolling() {
    registerCommands();
    TelegramUrl url = telegramUrl(settings.apiUrl());
    int timeoutSeconds = (int) Math.max(0, settings.pollTimeout().toSeconds());
    polling =
        new TelegramBotsLongPollingApplication(
            ObjectMapper::new, () -> http, () -> pollScheduler, BotApplication::pollingBackOff);
    try {
      polling.registerBot(
          settings.token(),
          () -> url,
          offset ->
              GetUpdates.builder()
                  .offset(offset + 1)
                  .limit(100)
                  .timeout(timeoutSeconds)
                  .allowedUpdates(BotApplication.ALLOWED_UPDATES)
                  .build(),
          this::submit);
    } catch (TelegramApiException e) {
      // Nothing of a failed start may linger: the caller may try again.
      try {
        polling.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      polling = null;
      throw new IllegalStateException("Telegram long polling could not start: " + e.getMessage(), e);
    }
    log.info("Telegram long polling started on {}", settings.apiUrl().getHost());
  }

  /**
   * Back-off between failed getUpdates calls: the library's exponential back-off, but at most 10 s
   * apart (its default of 60 s would keep users waiting a minute after Telegram is back) and never
   * giving up (its default stops after 15 minutes of failures).
   */
  static ExponentialBackOff pollingBackOff() {
    return new ExponentialBackOff.Builder()
        .setInitialIntervalMillis(500)
        .setMultiplier(1.5)
        .setMaxIntervalMillis(10_000)
        .setMaxElapsedTimeMillis(Integer.MAX_VALUE)
        .build();
  }

  /**
   * Runs a batch from long polling on the chats' lanes (chats in parallel, each chat in order) and
   * returns once every update of the batch is settled in the database — committed, or rolled back
   * with an apology — or after {@link #BATCH_WAIT}. TelegramBots asks for the next batch, which is
   * what confirms these updates to Telegram, only after this returns: a process that dies
   * mid-batch gets the unsettled updates again after a restart, and the ones it had committed are
   * skipped by their update id. The wait does not include sending replies (which may wait for the
   * per-chat rate limit), and is bounded so that one chatty chat queued behind its own replies
   * cannot hold every other chat's next messages for long.
   */
  public void submit(List<Update> updates) {
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    for (Update u : updates) {
      UpdatePipeline.chatIdOf(u).ifPresentOrElse(chat -> {
        CompletableFuture<Void> decided = new CompletableFuture<>();
        settled.add(decided);
        lanes.submit(chat, () -> {
          try {
            core.handle(u, () -> decided.complete(null));
          } finally {
            updatesHandled.incrementAndGet();
          }
        }).whenComplete((v, e) -> decided.complete(null));
      }, updatesHandled::incrementAndGet);
    }
    try {
      CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(BATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.debug("A polling batch was not settled within {}; fetching the next one", BATCH_WAIT);
    }
  }

  /** How long a polling batch may hold the next getUpdates for its updates to be settled. */
  static final Duration BATCH_WAIT = Duration.ofSeconds(5);

  /** Handles one update on the calling thread (webhook mode). */
  public void handle(Update update) {
    try {
      core.handle(update);
    } finally {
      updatesHandled.incrementAndGet();
    }
  }

  /**
   * How many updates, from long polling or {@link #handle}, this bot has finished with: handled
   * and answered, skipped or failed. Once it equals the number handed to it, nothing of theirs is
   * in flight (a quiet point for tests).
   */
  public long updatesHandled() {
    return updatesHandled.get();
  }

  public BotCore core() {
    return core;
  }

  public TelegramSender sender() {
    return sender;
  }

  @Override
  public synchronized void close() {
    if (polling != null) {
      try {
        polling.close();
      } catch (Exception e) {
        log.debug("Closing long polling", e);
      }
    }
    // TelegramBots does not stop the executors it was given: stop ours, then the HTTP client's.
    pollScheduler.shutdownNow();
    try {
      pollScheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lanes.close(10_000);
    // Statements still being made upload through this bot's client: stop them before it.
    core.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
