package id.bizpro.bizcash.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.maintenance.PlannerStatistics;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.platform.PlatformCreditGroupCommit;
import id.bizpro.bizcash.platform.PlatformCredits;
import id.bizpro.bizcash.platform.PlatformLinks;
import id.bizpro.bizcash.webhook.WebhookApp;
import id.bizpro.bizcash.webhook.WebhookSettings;
import id.bizpro.bizcash.webhook.platform.PlatformApi;
import id.bizpro.bizcash.webhook.platform.PlatformAuth;
import id.bizpro.bizcash.webhook.platform.PlatformKeys;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * {@code platform.batch}: credits/s of bulk credits ({@code POST /api/v1/credits/batch}, 10,000
 * items a request) through HTTP — signing, JSON, the group-committed {@code platform_credit_batch}
 * — into 10,000 linked wallets, against pgbench's TPC-B-like script on the same embedded
 * PostgreSQL in the same run (before and after, mean). One client sends its next batch when the
 * last one was answered. Latency is per batch. Small runs for a check: {@code
 * -Dbench.platform.items=1000 -Dbench.platform.seconds=3}.
 */
final class PlatformBench {
  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret-0123456789";

  private PlatformBench() {}

  static BenchResult run(Path workDir, boolean quick) throws Exception {
    int items = Integer.getInteger("bench.platform.items", 10_000);
    int seconds = Integer.getInteger("bench.platform.seconds", quick ? 8 : 25);
    int baselineSeconds = Integer.getInteger("bench.platform.baseline.seconds", quick ? 5 : 15);
    BenchResult result;
    try (EmbeddedDatabase server = EmbeddedDatabase.start(workDir.resolve("platform-pg"))) {
      LedgerBench.OptionalBaseline before = LedgerBench.baseline(server, baselineSeconds);
      try (Database db = Database.connect(server.url(), 10)) {
        long[] users = LedgerBench.createFundedUsers(db, 10_000, 1);
        db.jdbi().useHandle(h -> h.execute("""
            INSERT INTO platform_links (bizpro_user_id, user_id, display_name)
            SELECT 'bp-' || id, id, 'Bench ' || id FROM users WHERE telegram_id > 9000000000
            """));
        Ledger ledger = new Ledger(db.jdbi(), MoneyRules.defaults().ledgerLimits());
        PlatformApi api = new PlatformApi(
            new PlatformAuth(PlatformKeys.of(List.of(new PlatformKeys.Key(KEY, SECRET, Set.of()))), db.jdbi(),
                Clock.systemUTC(), 1_000),
            new PlatformLinks(db.jdbi()),
            new PlatformCreditGroupCommit(new PlatformCredits(db.jdbi(), Optional.empty(), Optional.empty())),
            new id.bizpro.bizcash.platform.PlatformCharges(db.jdbi()), ledger, Clock.systemUTC(), () -> "BizCashBenchBot");
        Javalin app = WebhookApp.create(db, new WebhookSettings(0, Optional.empty(), Optional.empty(),
                URI.create("http://localhost/unused"), Optional.empty(), Optional.empty()),
            WebhookApp.Services.of(db, MoneyRules.defaults(), Set.of(), Clock.systemUTC()), Optional.of(api));
        app.start(0);
        try {
          HttpClient http = HttpClient.newHttpClient();
          Random random = new Random(42);
          ObjectMapper json = new ObjectMapper();
          int[] batchNo = {0};
          // Warm-up: one batch.
          send(http, app.port(), body(json, random, users, items, "warm", batchNo[0]++));
          // As the application's jobs thread does every 10 s: fresh statistics for the hot tables.
          PlannerStatistics statistics = new PlannerStatistics(db.jdbi());
          statistics.refreshStale();
          List<Long> latencies = new ArrayList<>();
          long credited = 0;
          long start = System.nanoTime();
          long end = start + Duration.ofSeconds(seconds).toNanos();
          while (System.nanoTime() < end) {
            statistics.refreshStale();
            String body = body(json, random, users, items, "run", batchNo[0]++);
            long t0 = System.nanoTime();
            credited += send(http, app.port(), body);
            latencies.add(System.nanoTime() - t0);
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
          Arrays.sort(sorted);
          result = BenchResult.of("platform.batch", credited / elapsed, "credits/s")
              .withLatency(BenchResult.percentileMs(sorted, 50), BenchResult.percentileMs(sorted, 99));
          System.out.printf("platform bench: %d batches of %d items, %d credited in %.1f s%n",
              latencies.size(), items, credited, elapsed);
        } finally {
          app.stop();
        }
        Reconciliation.Report report = new Reconciliation(db.jdbi()).run();
        System.out.println("platform bench: " + report.summary());
        if (!report.holds()) {
          throw new IllegalStateException("reconciliation failed after the benchmark: " + report.violations());
        }
      }
      LedgerBench.OptionalBaseline after = LedgerBench.baseline(server, baselineSeconds);
      if (before.tps().isPresent() && after.tps().isPresent()) {
        double mean = (before.tps().get() + after.tps().get()) / 2;
        System.out.printf("platform bench: pgbench baseline %.1f tps (mean of %.1f before and %.1f after)%n",
            mean, before.tps().get(), after.tps().get());
        result = result.withBaseline(mean, true);
      }
    }
    return result;
  }

  private static String body(ObjectMapper json, Random random, long[] users, int items, String prefix, int batch) {
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("items");
    for (int i = 0; i < items; i++) {
      list.addObject()
          .put("idempotency_key", prefix + "-" + batch + "-" + i)
          .put("bizpro_user_id", "bp-" + users[random.nextInt(users.length)])
          .put("amount", 1_000 + random.nextInt(100) * 1_000)
          .put("note", "Proyek " + i)
          .put("reference", "INV-" + batch + "-" + i);
    }
    return root.toString();
  }

  /** Sends one signed batch; returns how many items were credited. */
  private static long send(HttpClient http, int port, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/credits/batch"))
            .header("Content-Type", "application/json")
            .header(PlatformAuth.KEY_HEADER, KEY)
            .header(PlatformAuth.TIMESTAMP_HEADER, ts)
            .header(PlatformAuth.SIGNATURE_HEADER, PlatformAuth.sign(SECRET, "POST", "/api/v1/credits/batch", ts, bytes))
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("batch answered " + r.statusCode() + ": " + r.body());
    }
    long credited = 0;
    int from = 0;
    String needle = "\"outcome\":\"credited\"";
    while ((from = r.body().indexOf(needle, from)) >= 0) {
      credited++;
      from += needle.length();
    }
    return credited;
  }
}
