package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.db.GroupCommit;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.PinHasher;
import id.bizpro.bizcash.transfer.P2pGroupCommit;
import id.bizpro.bizcash.transfer.P2pTransfers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ledger benchmarks, each against pgbench's TPC-B-like script on the same embedded PostgreSQL
 * server in the same run: {@code ledger.uniform} and {@code ledger.hot}, the conversation's confirm
 * turn as the product runs it ({@link ConfirmPathBench}); {@code ledger.batch}, P2P transfers per
 * second with 8 workers through {@link P2pTransfers#send(String, long, long, Money, Optional)},
 * which group-commits concurrent transfers (full double entry, idempotency key and the recipient's
 * outbox row; each caller returns only once its transfer committed) — the engine the platform API's
 * bulk credits are to use; no conversation takes that path.
 */
final class LedgerBench {
  private static final int WORKERS = 8;

  private LedgerBench() {}

  static List<BenchResult> run(Path workDir, boolean quick, List<String> names) throws Exception {
    int seconds = quick ? 8 : 25;
    // pgbench runs twice, before and after our runs, each half as long, and the mean is the
    // baseline: on a shared machine the load drifts, and bracketing keeps the ratio fair.
    int baselineSeconds = quick ? 5 : 15;
    List<BenchResult> results = new ArrayList<>();
    try (EmbeddedDatabase server = EmbeddedDatabase.start(workDir.resolve("ledger-pg"))) {
      OptionalBaseline before = baseline(server, baselineSeconds);
      DatabaseUrl url = server.url();
      try (Database db = Database.connect(url, WORKERS + 2)) {
        Ledger ledger = new Ledger(db.jdbi(), new Ledger.Limits(Money.rupiah(1), Money.rupiah(Long.MAX_VALUE / 4)));
        P2pTransfers p2p = new P2pTransfers(db.jdbi(), ledger);
        if (names.contains("ledger.uniform") || names.contains("ledger.hot")) {
          ConfirmPathBench.Setup setup = ConfirmPathBench.setUp(db, 10_000);
          double kdf = ConfirmPathBench.kdfMillis();
          int cores = Runtime.getRuntime().availableProcessors();
          System.out.printf("ledger bench: one PIN check (PBKDF2-HMAC-SHA256, %d iterations) takes %.1f ms here: "
              + "at most %.0f confirms/s on %d cores before the database does anything%n",
              PinHasher.ITERATIONS, kdf, cores * 1000 / kdf, cores);
          // Rounds of 10 chats per worker: about a second of PIN turns a round at the KDF's pace.
          if (names.contains("ledger.uniform")) {
            results.add(ConfirmPathBench.measure("ledger.uniform", setup, false, seconds, 10));
          }
          if (names.contains("ledger.hot")) {
            results.add(ConfirmPathBench.measure("ledger.hot", setup, true, seconds, 10));
          }
          setup.chats().core().close();
        }
        if (names.contains("ledger.batch")) {
          long[] users = createFundedUsers(db, 10_000, 1_000_000_000L);
          Sender grouped = (key, from, to, amount) -> p2p.send(key, from, to, amount, Optional.of("bench"));
          results.add(measure("ledger.batch", p2p, grouped, users, seconds));
        }
        Reconciliation.Report report = new Reconciliation(db.jdbi()).run();
        System.out.println("ledger bench: " + report.summary());
        if (!report.holds()) {
          throw new IllegalStateException("reconciliation failed after the benchmark: " + report.violations());
        }
      }
      OptionalBaseline after = baseline(server, baselineSeconds);
      if (before.tps().isPresent() && after.tps().isPresent()) {
        double mean = (before.tps().get() + after.tps().get()) / 2;
        System.out.printf("ledger bench: pgbench baseline %.1f tps (mean of %.1f before and %.1f after)%n",
            mean, before.tps().get(), after.tps().get());
        results.replaceAll(r -> r.withBaseline(mean, true));
      }
    }
    return results;
  }

  record OptionalBaseline(Optional<Double> tps) {}

  static OptionalBaseline baseline(EmbeddedDatabase server, int seconds) throws Exception {
    Optional<Path> pgbench = PgBench.find();
    if (pgbench.isEmpty()) {
      System.out.println("ledger bench: pgbench is not installed (apt-get install postgresql-client); no baseline, no ratio");
      return new OptionalBaseline(Optional.empty());
    }
    try (Database admin = Database.connect(server.url(), 2)) {
      admin.jdbi().useHandle(h -> h.execute("DROP DATABASE IF EXISTS pgbench"));
      admin.jdbi().useHandle(h -> h.execute("CREATE DATABASE pgbench"));
    }
    double tps = PgBench.tps(pgbench.get(), server.port(), "pgbench", 10, seconds);
    System.out.printf("ledger bench: pgbench TPC-B-like, scale 10, 8 clients, 2 threads, %d s: %.1f tps%n", seconds, tps);
    return new OptionalBaseline(Optional.of(tps));
  }

  /**
   * Registers {@code count} users (Telegram ids 9000000001…, usernames bench_1…) with wallets of
   * {@code balance} rupiah each; returns their user ids in Telegram-id order.
   */
  static long[] createFundedUsers(Database db, int count, long balance) {
    return db.jdbi().inTransaction(h -> {
      h.execute("""
          INSERT INTO users (telegram_id, username, first_name, language)
          SELECT 9000000000 + g, 'bench_' || g, 'Bench ' || g, 'id' FROM generate_series(1, ?) g
          ON CONFLICT DO NOTHING
          """, count);
      h.execute("""
          INSERT INTO accounts (kind, code, user_id)
          SELECT 'user_available', 'user:' || id, id FROM users WHERE telegram_id > 9000000000
          ON CONFLICT DO NOTHING
          """);
      List<Long> ids = h.createQuery("SELECT id FROM users WHERE telegram_id > 9000000000 ORDER BY id").mapTo(Long.class).list();
      // Fund every wallet through the ledger's own path would take minutes; one bulk top-up
      // transfer with an entry per wallet keeps the books balanced and reconcilable.
      long transferId = h.createQuery("""
          INSERT INTO transfers (idempotency_key, request_hash, kind, amount, fee, reference)
          VALUES ('bench-funding-' || gen_random_uuid(), 'bench', 'topup_credit', :total, 0, 'BENCH')
          RETURNING id
          """).bind("total", balance * ids.size()).mapTo(Long.class).one();
      h.execute("""
          UPDATE accounts SET balance = balance + ? WHERE kind = 'user_available' AND user_id IN
            (SELECT id FROM users WHERE telegram_id > 9000000000)
          """, balance);
      h.execute("""
          UPDATE accounts SET balance = balance - ? WHERE code = 'system:topup_clearing'
          """, balance * ids.size());
      h.execute("""
          INSERT INTO entries (transfer_id, account_id, amount, balance_after)
          SELECT ?, a.id, ?, a.balance FROM accounts a
           WHERE a.kind = 'user_available' AND a.user_id IN (SELECT id FROM users WHERE telegram_id > 9000000000)
          """, transferId, balance);
      h.execute("""
          INSERT INTO entries (transfer_id, account_id, amount, balance_after)
          SELECT ?, id, ?, balance FROM accounts WHERE code = 'system:topup_clearing'
          """, transferId, -balance * ids.size());
      return ids.stream().mapToLong(Long::longValue).toArray();
    });
  }

  /** One transfer as the benchmark's workers send it. */
  interface Sender {
    LedgerResult send(String key, long fromUserId, long toUserId, Money amount);
  }

  private static BenchResult measure(String name, P2pTransfers p2p, Sender sender, long[] users, int seconds)
      throws InterruptedException {
    // Warm-up: JIT, pool and the database's caches (quick runs warm up less: their budget is 2 min).
    runFor(sender, users, seconds >= 10 ? 5 : 2, name + "-warm");
    GroupCommit.Stats before = p2p.groupCommitStats();
    Run run = runFor(sender, users, seconds, name);
    GroupCommit.Stats after = p2p.groupCommitStats();
    long[] lat = run.latencies();
    Arrays.sort(lat);
    double tps = run.done() / (run.elapsedNanos() / 1e9);
    System.out.printf("%s: %d transfers in %.1f s over %d wallets, %d failures (%.0f transfers/s, p50 %.2f ms, p99 %.2f ms)%n",
        name, run.done(), run.elapsedNanos() / 1e9, users.length, run.failures(), tps,
        BenchResult.percentileMs(lat, 50), BenchResult.percentileMs(lat, 99));
    long statements = after.statements() - before.statements();
    if (statements > 0) {
      System.out.printf("%s: group commit wrote %d transfers in %d statements (%.1f per commit)%n",
          name, after.requests() - before.requests(), statements,
          (after.requests() - before.requests()) / (double) statements);
    }
    return BenchResult.of(name, tps, "transfers/s")
        .withLatency(BenchResult.percentileMs(lat, 50), BenchResult.percentileMs(lat, 99));
  }

  record Run(long done, long failures, long elapsedNanos, long[] latencies) {}

  private static Run runFor(Sender sender, long[] users, int seconds, String keyPrefix) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicReference<Throwable> error = new AtomicReference<>();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<long[]> perWorker = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < WORKERS; w++) {
      long[] lat = new long[2_000_000];
      int[] n = new int[1];
      perWorker.add(lat);
      counts.add(n);
      int worker = w;
      threads.add(Thread.ofPlatform().name("bench-" + w).start(() -> {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long seq = 0;
        while (System.nanoTime() < deadline && error.get() == null) {
          long from = users[rnd.nextInt(users.length)];
          long to = users[rnd.nextInt(users.length)];
          if (from == to) {
            continue;
          }
          long t0 = System.nanoTime();
          try {
            LedgerResult r = sender.send(keyPrefix + "-" + worker + "-" + (seq++), from, to, Money.rupiah(1 + rnd.nextInt(10_000)));
            if (r instanceof LedgerResult.Done) {
              if (n[0] < lat.length) {
                lat[n[0]++] = System.nanoTime() - t0;
              }
              done.incrementAndGet();
            } else {
              failures.incrementAndGet();
            }
          } catch (Throwable t) {
            error.compareAndSet(null, t);
          }
        }
      }));
    }
    // Throughput per 5 s: shows drift within a run (checkpoints, autovacuum, other load).
    StringBuilder trace = new StringBuilder();
    long lastDone = 0;
    long lastAt = start;
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, Math.min(5_000, left / 1_000_000)));
      long now = System.nanoTime();
      long d = done.get();
      if (now - lastAt < 500_000_000L) {
        continue; // the sliver after the last full slot says nothing
      }
      trace.append(' ').append(Math.round((d - lastDone) / ((now - lastAt) / 1e9)));
      lastDone = d;
      lastAt = now;
    }
    for (Thread t : threads) {
      t.join();
    }
    System.out.println(keyPrefix + ": transfers/s per 5 s:" + trace);
    long elapsed = System.nanoTime() - start;
    if (error.get() != null) {
      throw new IllegalStateException("benchmark worker failed", error.get());
    }
    int total = counts.stream().mapToInt(c -> c[0]).sum();
    long[] all = new long[total];
    int pos = 0;
    for (int i = 0; i < WORKERS; i++) {
      System.arraycopy(perWorker.get(i), 0, all, pos, counts.get(i)[0]);
      pos += counts.get(i)[0];
    }
    return new Run(done.get(), failures.get(), elapsed, all);
  }
}
