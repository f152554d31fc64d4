package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.telegram.BotApplication;
import id.bizpro.bizcash.transfer.P2pTransfers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;

/**
 * {@code updates}: updates per second through the whole pipeline — long polling from a stand-in
 * Bot API on loopback, {@link BotApplication} with its chat lanes, one database transaction per
 * update on the embedded PostgreSQL, the reply back to the stand-in — at a fixed offered load of
 * {@value #OFFERED_PER_SECOND} updates/s over many chats. The mix is 40% {@code /balance}, 30%
 * {@code /history} (first page) and 30% one-line {@code /transfer @user amount note}, which stops
 * at the confirmation screen (the PIN step and the money move are {@code ledger.*}'s subject).
 * Baseline: the same harness and load with an echo bot on the same library (TelegramBots long
 * polling, one consumer thread as in {@code LongPollingSingleThreadUpdateConsumer}, sendMessage through {@link
 * OkHttpTelegramClient}).
 */
final class UpdatesBench {
  static final int OFFERED_PER_SECOND = 200;
  private static final int CHATS = 2_000;
  private static final int WORKERS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private UpdatesBench() {}

  static BenchResult run(Path work, boolean quick) throws Exception {
    int warm = quick ? 2 : 4;
    int seconds = quick ? 6 : 20;
    long[] chats = IntStream.rangeClosed(1, CHATS).mapToLong(g -> 9_000_000_000L + g).toArray();
    OfferedLoad.Outcome echo = echo(chats, warm, seconds);
    report("updates (echo baseline)", echo);
    OfferedLoad.Outcome bizcash = bizcash(work, chats, warm, seconds);
    report("updates (bizcash)", bizcash);
    return BenchResult.of("updates", bizcash.achievedPerSecond(), "updates/s")
        .withBaseline(echo.achievedPerSecond(), true)
        .withLatency(bizcash.p50Ms(), bizcash.p99Ms());
  }

  private static void report(String what, OfferedLoad.Outcome o) {
    System.out.printf("%s: offered %d/s, achieved %.1f/s, %d of %d measured updates answered, p50 %.2f ms, p99 %.2f ms%n",
        what, OFFERED_PER_SECOND, o.achievedPerSecond(), o.answered(), o.offered(), o.p50Ms(), o.p99Ms());
  }

  private static OfferedLoad.Outcome echo(long[] chats, int warm, int seconds) throws Exception {
    try (FakeBotApi api = new FakeBotApi(0)) {
      OfferedLoad load = new OfferedLoad(api, chats);
      OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
      TelegramUrl url = new TelegramUrl("http", "127.0.0.1", api.port(), false);
      OkHttpTelegramClient client = new OkHttpTelegramClient(http, FakeBotApi.TOKEN, url);
      ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(daemon("echo-poll"));
      ExecutorService echoThread = Executors.newSingleThreadExecutor(daemon("echo-consumer"));
      try (TelegramBotsLongPollingApplication app =
          new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> http, () -> poll, ExponentialBackOff::new)) {
        // What LongPollingSingleThreadUpdateConsumer does (one thread, in order), but on a daemon
        // thread of our own: the library's static executor would keep the JVM alive after the run.
        LongPollingUpdateConsumer consumer = updates -> updates.forEach(update -> echoThread.execute(() -> {
          try {
            client.execute(new SendMessage(update.getMessage().getChatId().toString(), update.getMessage().getText()));
          } catch (Exception e) {
            System.err.println("echo: " + e);
          }
        }));
        app.registerBot(FakeBotApi.TOKEN, () -> url,
            offset -> GetUpdates.builder().offset(offset + 1).limit(100).timeout(1).build(), consumer);
        return load.run(OFFERED_PER_SECOND, warm, seconds, chat -> message(chat, mixText(chat)));
      } finally {
        poll.shutdownNow();
        echoThread.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  private static OfferedLoad.Outcome bizcash(Path work, long[] chats, int warm, int seconds) throws Exception {
    try (EmbeddedDatabase server = EmbeddedDatabase.start(work.resolve("updates-pg"));
        Database db = Database.connect(server.url(), 2 * WORKERS);
        FakeBotApi api = new FakeBotApi(0)) {
      MoneyRules rules = MoneyRules.defaults();
      long[] users = LedgerBench.createFundedUsers(db, chats.length, 5_000_000L);
      seedHistory(db, rules, users);
      BotApplication.Settings settings = new BotApplication.Settings(
          FakeBotApi.TOKEN, api.url(), Optional.of("bizcash_bench_bot"), WORKERS, Duration.ofSeconds(1));
      OfferedLoad load = new OfferedLoad(api, chats);
      LedgerServices services = LedgerServices.over(db.jdbi(), rules, Clock.systemUTC(), java.util.Set.of());
      try (BotApplication bot = Conversations.bot(settings, services, Conversations.Settings.plain(List.of()),
          java.util.function.Function.identity())) {
        bot.startPolling();
        return load.run(OFFERED_PER_SECOND, warm, seconds, chat -> message(chat, mixText(chat)));
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> Thread.ofPlatform().name(name).daemon().unstarted(r);
  }

  /** A few P2P transfers per wallet, so that /history pages have lines with counterparties. */
  private static void seedHistory(Database db, MoneyRules rules, long[] users) throws InterruptedException {
    P2pTransfers p2p = new P2pTransfers(db.jdbi(), new Ledger(db.jdbi(), rules.ledgerLimits()));
    Thread[] threads = new Thread[4];
    for (int w = 0; w < threads.length; w++) {
      int worker = w;
      threads[w] = Thread.ofPlatform().start(() -> {
        for (int i = worker; i < users.length * 2; i += threads.length) {
          long from = users[i % users.length];
          long to = users[(i * 7 + 1) % users.length];
          if (from != to) {
            p2p.send("seed-" + i, from, to, Money.rupiah(10_000 + i % 5_000), Optional.of("seed " + i));
          }
        }
      });
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** 40% /balance, 30% /history, 30% a one-line transfer to another bench user. */
  static String mixText(long chatId) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int pick = rnd.nextInt(10);
    if (pick < 4) {
      return "/balance";
    }
    if (pick < 7) {
      return "/history";
    }
    long other = 1 + (chatId - 9_000_000_000L + rnd.nextInt(1, CHATS)) % CHATS;
    return "/transfer @bench_" + other + " " + (10_000 + 1_000 * rnd.nextInt(50)) + " makan siang";
  }

  /** A private-chat text message from the bench user whose Telegram id is {@code chatId}. */
  static ObjectNode message(long chatId, String text) {
    long g = chatId - 9_000_000_000L;
    ObjectNode update = JSON.createObjectNode();
    ObjectNode m = update.putObject("message");
    m.put("message_id", ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE));
    m.put("date", System.currentTimeMillis() / 1000);
    m.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "Bench " + g)
        .put("username", "bench_" + g).put("language_code", "id");
    m.putObject("chat").put("id", chatId).put("type", "private").put("first_name", "Bench " + g);
    m.put("text", text);
    if (text.startsWith("/")) {
      int end = text.indexOf(' ');
      m.putArray("entities").addObject().put("type", "bot_command").put("offset", 0)
          .put("length", end < 0 ? text.length() : end);
    }
    return update;
  }
}
