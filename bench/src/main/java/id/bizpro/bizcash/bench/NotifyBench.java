package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.notify.NotifySettings;
import id.bizpro.bizcash.notify.OutboxDispatcher;
import id.bizpro.bizcash.notify.TelegramRateLimiter;
import id.bizpro.bizcash.transfer.P2pTransfers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * {@code notify}: commit → accepted-by-Telegram latency of transfer notifications, and the send
 * rate achieved, through the real {@link OutboxDispatcher} and {@link TelegramRateLimiter} with
 * the default {@link NotifySettings} (30 msg/s, burst 5). Transfers to distinct recipients (so the
 * per-chat limit never binds) are committed with {@link P2pTransfers#send} at the configured global
 * rate; the stand-in Bot API answers 429 to any send beyond rate + burst in a sliding second, and
 * the 429s are counted — the goal is none.
 */
final class NotifyBench {
  private NotifyBench() {}

  static BenchResult run(Path work, boolean quick) throws Exception {
    NotifySettings settings = NotifySettings.DEFAULTS;
    int count = quick ? 200 : 1_000;
    int warmCount = settings.globalRatePerSecond() * 2;
    try (EmbeddedDatabase server = EmbeddedDatabase.start(work.resolve("notify-pg"));
        Database db = Database.connect(server.url(), 8);
        FakeBotApi api = new FakeBotApi(settings.globalRatePerSecond() + settings.globalBurst())) {
      Ledger ledger = new Ledger(db.jdbi(), new Ledger.Limits(Money.rupiah(1), Money.rupiah(Long.MAX_VALUE / 4)));
      P2pTransfers p2p = new P2pTransfers(db.jdbi(), ledger);
      // One sender per 100 recipients; recipients are never reused, warm-up's included.
      int recipients = warmCount + count;
      long[] users = LedgerBench.createFundedUsers(db, recipients + 20, 1_000_000_000L);
      ConcurrentHashMap<Long, Long> accepted = new ConcurrentHashMap<>();
      api.onReply((method, chat, now) -> accepted.putIfAbsent(chat, now));
      OkHttpClient http = new OkHttpClient.Builder().build();
      OkHttpTelegramClient client =
          new OkHttpTelegramClient(http, FakeBotApi.TOKEN, new TelegramUrl("http", "127.0.0.1", api.port(), false));
      try (OutboxDispatcher dispatcher =
          new OutboxDispatcher(db.jdbi(), client, new TelegramRateLimiter(settings), settings)) {
        dispatcher.start();
        // Warm-up: the JIT, the pool and the stand-in, then a pause so the buckets are full again.
        commitAtRate(p2p, users, 0, warmCount, settings.globalRatePerSecond(), "warm");
        awaitAll(accepted, warmCount, 30);
        Thread.sleep(1_000);
        long before429 = api.tooManyRequests();
        long beforeSends = api.sends();
        long[] committedAt = commitAtRate(p2p, users, warmCount, count, settings.globalRatePerSecond(), "bench");
        awaitAll(accepted, warmCount + count, 60 + count / settings.globalRatePerSecond());
        long[] lat = new long[count];
        long firstCommit = Long.MAX_VALUE;
        long lastAccept = Long.MIN_VALUE;
        int n = 0;
        for (int i = 0; i < count; i++) {
          Long at = accepted.get(chatOf(warmCount + i));
          if (at != null) {
            lat[n++] = at - committedAt[i];
            firstCommit = Math.min(firstCommit, committedAt[i]);
            lastAccept = Math.max(lastAccept, at);
          }
        }
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        double rate = n / ((lastAccept - firstCommit) / 1e9);
        long tooMany = api.tooManyRequests() - before429;
        System.out.printf("notify: %d of %d notifications accepted at %.2f msg/s (limit %d/s, burst %d), "
                + "%d sends, %d answered 429, p50 %.1f ms, p99 %.1f ms%n",
            n, count, rate, settings.globalRatePerSecond(), settings.globalBurst(), api.sends() - beforeSends,
            tooMany, BenchResult.percentileMs(sorted, 50), BenchResult.percentileMs(sorted, 99));
        return BenchResult.of("notify", rate, "msgs/s")
            .withLatency(BenchResult.percentileMs(sorted, 50), BenchResult.percentileMs(sorted, 99));
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  /** The recipient of transfer {@code i}: user 21 onwards (users 1–20 send). */
  private static long chatOf(int i) {
    return 9_000_000_000L + 21 + i;
  }

  /** Commits {@code count} transfers at {@code perSecond}; returns each one's commit time. */
  private static long[] commitAtRate(P2pTransfers p2p, long[] users, int first, int count, int perSecond, String tag) {
    long[] committedAt = new long[count];
    long period = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait;
      while ((wait = start + i * period - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int r = first + i;
      // users[] is in telegram-id order: index k is Telegram id 9000000001 + k.
      LedgerResult result =
          p2p.send("notify-" + tag + "-" + r, users[r % 20], users[20 + r], Money.rupiah(10_000), Optional.of("bench"));
      committedAt[i] = System.nanoTime();
      if (!(result instanceof LedgerResult.Done)) {
        throw new IllegalStateException("transfer " + r + " did not go through: " + result);
      }
    }
    return committedAt;
  }

  private static void awaitAll(ConcurrentHashMap<Long, Long> accepted, int expected, int maxSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
    while (accepted.size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
