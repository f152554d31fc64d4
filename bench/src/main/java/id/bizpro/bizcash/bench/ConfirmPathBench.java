package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.PinHasher;
import id.bizpro.bizcash.telegram.InProcessChats;
import id.bizpro.bizcash.topup.PayeeAccount;
import id.bizpro.bizcash.wiring.Conversations;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * {@code ledger.uniform} and {@code ledger.hot}: the turn the product runs when a person enters
 * their PIN to confirm a transfer, through the real conversations ({@link Conversations#core}, the
 * composition root's own graph) with no transport: the PIN check (PBKDF2 at the production
 * iteration count, failed-attempt bookkeeping), the pending action locked and resolved, the flow
 * state ended, the P2P transfer with its idempotency key and limits, the recipient's outbox row,
 * and the receipt sent after commit. 8 chats confirm at once.
 *
 * <p>Each round first brings every chat of the round to the PIN prompt ({@code /transfer @bench_N
 * amount note}, then Confirm) untimed, then all workers enter their PINs together, timed; only
 * the PIN turns count. Uniform: senders and recipients drawn from 10,000 funded users; hot: every
 * transfer pays the same recipient (a merchant everyone pays), so every confirm contends for one
 * wallet row. A chat is used once per round and the users are many, so nobody reaches the per-chat
 * rate limit or the daily money-out limit.
 */
final class ConfirmPathBench {
  static final int CHATS = 8;
  static final String PIN = "580274";

  private ConfirmPathBench() {}

  record Setup(LedgerServices services, InProcessChats chats, long[] userIds, int users) {}

  /** The conversations over {@code db}, with {@code users} funded users (bench_1…) who all have PIN {@link #PIN}. */
  static Setup setUp(Database db, int users) {
    long[] ids = LedgerBench.createFundedUsers(db, users, 1_000_000_000L);
    // The balance cap (Rp 20.000.000) would stop the hot recipient and the wallets funded above:
    // every other rule is the default.
    MoneyRules d = MoneyRules.defaults();
    MoneyRules rules = new MoneyRules(d.topUpFee(), d.withdrawalFee(), d.topUpMin(), d.topUpMax(), d.transferMin(),
        d.withdrawalMin(), Money.rupiah(Long.MAX_VALUE / 4), d.maxOpenTopUps(), d.orderTtl(), d.uniqueCode(),
        d.payoutWorkingDays(), d.calendar(), d.abuse(), d.totalQuarantine());
    byte[] salt = PinHasher.newSalt();
    byte[] hash = PinHasher.hash(PIN, salt, PinHasher.ITERATIONS);
    db.jdbi().useHandle(h -> h.createUpdate("""
            INSERT INTO user_pins (user_id, hash, salt, iterations)
            SELECT id, :h, :s, :i FROM users WHERE telegram_id > 9000000000
            ON CONFLICT (user_id) DO NOTHING
            """).bind("h", hash).bind("s", salt).bind("i", PinHasher.ITERATIONS).execute());
    LedgerServices services = LedgerServices.over(db.jdbi(), rules, Clock.systemUTC(), Set.of());
    return new Setup(services, chats(services), ids, users);
  }

  /**
   * The conversations over {@code services} as the composition root builds them, driven in process;
   * update ids continue after the last one the database remembers.
   */
  static InProcessChats chats(LedgerServices services) {
    int lastUpdate = services.jdbi().withHandle(h ->
        h.createQuery("SELECT coalesce(max(update_id), 0)::int FROM processed_updates").mapTo(Integer.class).one());
    return new InProcessChats(lastUpdate).attach(sender -> Conversations.core(services,
        Conversations.Settings.plain(PayeeAccount.parse("BCA:8830012345:PT BizPro Indonesia")), sender, "BizCashBenchBot"));
  }

  static BenchResult measure(String name, Setup s, boolean hot, int seconds, int chatsPerWorkerPerRound)
      throws Exception {
    Run warm = run(s, hot, Math.min(5, seconds / 3 + 1), chatsPerWorkerPerRound, name + "-warm");
    Run run = run(s, hot, seconds, chatsPerWorkerPerRound, name);
    long[] lat = run.latencies();
    Arrays.sort(lat);
    double tps = run.done() / (run.timedNanos() / 1e9);
    System.out.printf(
        "%s: %d confirms in %.1f s of PIN turns (warm-up %d), %d not confirmed (%.1f transfers/s, p50 %.2f ms, p99 %.2f ms)%n",
        name, run.done(), run.timedNanos() / 1e9, warm.done(), run.failures(), tps,
        BenchResult.percentileMs(lat, 50), BenchResult.percentileMs(lat, 99));
    if (run.failures() > 0) {
      throw new IllegalStateException(name + ": " + run.failures() + " confirms did not end in a receipt");
    }
    return BenchResult.of(name, tps, "transfers/s")
        .withLatency(BenchResult.percentileMs(lat, 50), BenchResult.percentileMs(lat, 99));
  }

  /** Milliseconds of one PIN check at the production iteration count on this machine (median of 9). */
  static double kdfMillis() {
    byte[] salt = PinHasher.newSalt();
    double[] ms = new double[9];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      PinHasher.hash(PIN, salt, PinHasher.ITERATIONS);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  record Run(long done, long failures, long timedNanos, long[] latencies) {}

  private static Run run(Setup s, boolean hot, int seconds, int perRound, String label) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong timed = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    long budget = seconds * 1_000_000_000L;
    long[][] lat = new long[CHATS][1_000_000];
    int[] n = new int[CHATS];
    // Worker w owns the senders with index ≡ w (mod CHATS), skipping the hot recipient (index 0).
    int[] next = new int[CHATS];
    CyclicBarrier staged = new CyclicBarrier(CHATS);
    long[] roundStart = new long[1];
    CyclicBarrier start = new CyclicBarrier(CHATS, () -> roundStart[0] = System.nanoTime());
    CyclicBarrier end = new CyclicBarrier(CHATS, () -> timed.addAndGet(System.nanoTime() - roundStart[0]));
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < CHATS; w++) {
      int worker = w;
      threads.add(Thread.ofPlatform().name("confirm-" + w).start(() -> {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try {
          while (timed.get() < budget && error.get() == null) {
            List<InProcessChats.Chat> round = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
              int sender = 1 + worker + CHATS * (next[worker]++ % ((s.users() - 1) / CHATS));
              int recipient = hot ? 0 : rnd.nextInt(s.users());
              if (recipient == sender) {
                recipient = (recipient + 1) % s.users();
              }
              InProcessChats.Chat chat = s.chats().chat(9_000_000_001L + sender, "bench_" + (sender + 1),
                  "Bench " + (sender + 1), "id");
              expect(chat.send("/transfer @bench_" + (recipient + 1) + " " + (1_000 + rnd.nextInt(9_000)) + " bench"),
                  "Periksa dulu");
              expect(chat.press("Konfirmasi"), "Masukkan PIN");
              round.add(chat);
            }
            staged.await();
            start.await();
            for (InProcessChats.Chat chat : round) {
              long t0 = System.nanoTime();
              List<BotApiMethod<?>> replies = chat.send(PIN);
              long took = System.nanoTime() - t0;
              if (replies.stream().flatMap(r -> InProcessChats.text(r).stream()).anyMatch(t -> t.startsWith("✅ Terkirim"))) {
                if (n[worker] < lat[worker].length) {
                  lat[worker][n[worker]++] = took;
                }
                done.incrementAndGet();
              } else {
                failures.incrementAndGet();
              }
            }
            end.await();
          }
        } catch (Throwable t) {
          error.compareAndSet(null, t);
          staged.reset();
          start.reset();
          end.reset();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (error.get() != null && !(error.get() instanceof java.util.concurrent.BrokenBarrierException)) {
      throw new IllegalStateException(label + ": a chat failed", error.get());
    }
    int total = Arrays.stream(n).sum();
    long[] all = new long[total];
    int pos = 0;
    for (int w = 0; w < CHATS; w++) {
      System.arraycopy(lat[w], 0, all, pos, n[w]);
      pos += n[w];
    }
    return new Run(done.get(), failures.get(), timed.get(), all);
  }

  /** Fails the run unless one of {@code replies} contains {@code fragment}. */
  static void expect(List<BotApiMethod<?>> replies, String fragment) {
    if (replies.stream().flatMap(r -> InProcessChats.text(r).stream()).noneMatch(t -> t.contains(fragment))) {
      throw new IllegalStateException("expected a reply containing '" + fragment + "', got "
          + replies.stream().flatMap(r -> InProcessChats.text(r).stream()).toList());
    }
  }
}
