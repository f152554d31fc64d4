package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.statement.StatementFormat;
import id.bizpro.bizcash.statement.StatementLanguage;
import id.bizpro.bizcash.statement.StatementService;
import id.bizpro.bizcash.telegram.InProcessChats;
import id.bizpro.bizcash.topup.TopUpOrders;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import id.bizpro.bizcash.wiring.LedgerServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * {@code scale}: the product's paths on a loaded database against the same paths on an empty one,
 * in the same run on the same PostgreSQL server ({@code ratio} = loaded / empty, lower is better).
 * Both databases hold the same subjects ({@link ScaleLoader#subjects}); the loaded one also holds
 * {@code --users} users and {@code --transfers} transfers around them. Each measurement runs on
 * both, empty first:
 * <ul>
 *   <li>{@code scale.startup}: {@code java -jar bizcash.jar} with {@code DATABASE_URL} → {@code /health} 200
 *   <li>{@code scale.credit}: p99 of a signed {@code POST /webhooks/payments} to that process crediting a
 *       top-up order (created through {@code TopUpOrders}, as the bot does)
 *   <li>{@code scale.search}: p99 of recipient searches of 3–8 characters ({@code Users.search}, what the
 *       transfer flow calls)
 *   <li>{@code scale.history}: p99 of a history page ({@code WalletActivity.page}, what /history calls) of
 *       a user with 100,000 entries, the first page and the 500th
 *   <li>{@code scale.statement.pdf|xlsx}: seconds to make that user's month of 10,000 entries
 *   <li>{@code scale.transfer}: p99 of the PIN turn that confirms a transfer, through the conversations
 * </ul>
 */
final class ScaleBench {
  private static final String SECRET = "bench-scale-payment-webhook-secret";

  record Options(int users, long transfers, Optional<Path> keep) {}

  private ScaleBench() {}

  static List<BenchResult> run(Path work, boolean quick, Options options) throws Exception {
    Path dataDir = options.keep().orElse(work.resolve("scale-pg"));
    List<BenchResult> results = new ArrayList<>();
    try (EmbeddedDatabase server = EmbeddedDatabase.start(dataDir)) {
      boolean loadedBefore = exists(server, "scale_loaded");
      if (!loadedBefore) {
        create(server, "scale_empty");
        create(server, "scale_loaded");
      }
      DatabaseUrl emptyUrl = url(server, "scale_empty");
      DatabaseUrl loadedUrl = url(server, "scale_loaded");
      try (Database empty = Database.connect(emptyUrl, 4); Database loaded = Database.connect(loadedUrl, 4)) {
        if (!loadedBefore) {
          long t0 = System.nanoTime();
          ScaleLoader.subjects(empty);
          ScaleLoader.subjects(loaded);
          ScaleLoader.background(loaded, options.users(), options.transfers());
          double loadSeconds = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          for (Database db : List.of(empty, loaded)) {
            db.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE"));
          }
          System.out.printf("scale: loaded %,d users and %,d transfers (%,d entries) in %.0f s; VACUUM ANALYZE %.0f s%n",
              count(loaded, "SELECT count(*) FROM users"), count(loaded, "SELECT count(*) FROM transfers"),
              count(loaded, "SELECT count(*) FROM entries"), loadSeconds, (System.nanoTime() - t1) / 1e9);
        } else {
          System.out.printf("scale: reusing %s: %,d users, %,d transfers, %,d entries%n", dataDir,
              count(loaded, "SELECT count(*) FROM users"), count(loaded, "SELECT count(*) FROM transfers"),
              count(loaded, "SELECT count(*) FROM entries"));
        }
        for (Database db : List.of(empty, loaded)) {
          long t0 = System.nanoTime();
          Reconciliation.Report report = new Reconciliation(db.jdbi()).run();
          System.out.printf("scale: full reconciliation %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, report.summary());
          if (!report.holds()) {
            throw new IllegalStateException("the loaded data breaks the ledger's rules: " + report.violations());
          }
        }
        int samples = quick ? 40 : 200;
        // The in-process measurements once untimed on each database first, so that the JIT (and
        // each database's caches) are as warm for the empty database as for the loaded one.
        inProcess("warm-up empty", empty, services(empty), samples, quick);
        inProcess("warm-up loaded", loaded, services(loaded), samples, quick);
        Measured e = measure("empty", server, emptyUrl, empty, samples, quick);
        Measured l = measure("loaded", server, loadedUrl, loaded, samples, quick);
        results.add(ratio("scale.startup", l.startup, e.startup, "s", OptionalDouble.empty()));
        results.add(ratio("scale.credit", l.credit.p99(), e.credit.p99(), "ms", OptionalDouble.of(l.credit.p50())));
        results.add(ratio("scale.search", l.search.p99(), e.search.p99(), "ms", OptionalDouble.of(l.search.p50())));
        results.add(ratio("scale.history", l.history.p99(), e.history.p99(), "ms", OptionalDouble.of(l.history.p50())));
        results.add(ratio("scale.statement.pdf", l.pdf, e.pdf, "s", OptionalDouble.empty()));
        results.add(ratio("scale.statement.xlsx", l.xlsx, e.xlsx, "s", OptionalDouble.empty()));
        results.add(ratio("scale.transfer", l.transfer.p99(), e.transfer.p99(), "ms", OptionalDouble.of(l.transfer.p50())));
      }
    }
    return results;
  }

  /** value = loaded, baseline = empty, ratio = loaded / empty (lower is better). */
  private static BenchResult ratio(String name, double loaded, double empty, String unit, OptionalDouble p50) {
    return new BenchResult(name, loaded, unit, OptionalDouble.of(empty), OptionalDouble.of(loaded / empty), p50,
        unit.equals("ms") ? OptionalDouble.of(loaded) : OptionalDouble.empty());
  }

  record Latencies(double p50, double p99) {
    static Latencies of(long[] nanos) {
      Arrays.sort(nanos);
      return new Latencies(BenchResult.percentileMs(nanos, 50), BenchResult.percentileMs(nanos, 99));
    }
  }

  record Measured(double startup, Latencies credit, Latencies search, Latencies history, double pdf, double xlsx,
      Latencies transfer) {}

  private static Measured measure(String label, EmbeddedDatabase server, DatabaseUrl url, Database db, int samples,
      boolean quick) throws Exception {
    LedgerServices services = services(db);
    // Start-up, then credits through the started process.
    int runs = quick ? 1 : 3;
    double[] startups = new double[runs];
    Latencies credit = null;
    for (int i = 0; i < runs; i++) {
      int port = freePort();
      long t0 = System.nanoTime();
      Process app = startApp(server, url, port, Files.createTempFile("scale-app", ".log"));
      try {
        awaitHealth(app, port);
        startups[i] = (System.nanoTime() - t0) / 1e9;
        if (i == runs - 1) {
          credit = credits(services, port, samples, label);
        }
      } finally {
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
          app.destroyForcibly();
        }
      }
    }
    Arrays.sort(startups);
    double startup = startups[runs / 2];
    System.out.printf("scale %s: start-up %s s, credit p50 %.2f ms p99 %.2f ms%n", label, Arrays.toString(startups),
        credit.p50(), credit.p99());
    InProcess p = inProcess(label, db, services, samples, quick);
    return new Measured(startup, credit, p.search(), p.history(), p.pdf(), p.xlsx(), p.transfer());
  }

  private static LedgerServices services(Database db) {
    return LedgerServices.over(db.jdbi(), MoneyRules.defaults(), Clock.systemUTC(), Set.of());
  }

  record InProcess(Latencies search, Latencies history, double pdf, double xlsx, Latencies transfer) {}

  private static InProcess inProcess(String label, Database db, LedgerServices services, int samples, boolean quick)
      throws Exception {
    Users users = services.users();

    // Searches of 3-8 characters cut from names people have (and a few from nobody's).
    List<String> names = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT lower(first_name || ' ' || coalesce(last_name, '')) FROM users ORDER BY id DESC LIMIT 500").mapTo(String.class).list());
    long me = users.byTelegramId(8000000002L).orElseThrow().id();
    long[] search = new long[samples];
    java.util.Random rnd = new java.util.Random(42);
    for (int i = 0; i < samples + 20; i++) {
      String name = i % 10 == 9 ? "zqxwv" + i : names.get(rnd.nextInt(names.size()));
      int len = Math.min(name.length(), 3 + rnd.nextInt(6));
      int from = rnd.nextInt(name.length() - len + 1);
      String needle = name.substring(from, from + len).strip();
      if (needle.length() < 3) {
        needle = name.substring(0, Math.min(name.length(), 3));
      }
      long t0 = System.nanoTime();
      users.search(needle, me, 10);
      if (i >= 20) {
        search[i - 20] = System.nanoTime() - t0; // the first 20 warm up
      }
    }
    Latencies searches = Latencies.of(search);

    // History pages of the user with 100,000 entries: the first and the 500th.
    User hot = users.byTelegramId(8000000001L).orElseThrow();
    WalletActivity activity = services.activity();
    long before500 = db.jdbi().withHandle(h -> h.createQuery("""
        SELECT e.id FROM entries e JOIN accounts a ON a.id = e.account_id
         WHERE a.user_id = :u AND a.kind = 'user_available' ORDER BY e.id DESC OFFSET 4989 LIMIT 1
        """).bind("u", hot.id()).mapTo(Long.class).one());
    long[] history = new long[samples];
    for (int i = 0; i < samples + 20; i++) {
      Optional<Long> before = i % 2 == 0 ? Optional.empty() : Optional.of(before500);
      long t0 = System.nanoTime();
      WalletActivity.Page page = activity.page(hot.id(), before, 10);
      long took = System.nanoTime() - t0;
      if (page.entries().size() != 10) {
        throw new IllegalStateException("a history page of " + page.entries().size() + " entries");
      }
      if (i >= 20) {
        history[i - 20] = took;
      }
    }
    Latencies pages = Latencies.of(history);
    System.out.printf("scale %s: search p50 %.2f ms p99 %.2f ms; history p50 %.2f ms p99 %.2f ms%n", label,
        searches.p50(), searches.p99(), pages.p50(), pages.p99());

    // This month's statement of the same user: 10,000 entries.
    StatementService statements = new StatementService(activity, Clock.systemUTC());
    LocalDate today = LocalDate.now(WalletActivity.WIB);
    double[] seconds = new double[2];
    StatementFormat[] formats = {StatementFormat.PDF, StatementFormat.XLSX};
    for (int i = 0; i < 2; i++) {
      long t0 = System.nanoTime();
      var made = statements.generate(hot, today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()),
          formats[i], StatementLanguage.ID);
      seconds[i] = (System.nanoTime() - t0) / 1e9;
      System.out.printf("scale %s: statement %s of %,d entries in %.2f s%n", label, formats[i], made.summary().entries(),
          seconds[i]);
      Files.deleteIfExists(made.file());
    }

    // Transfers confirmed in the conversations: the PIN turn, timed.
    Latencies transfer = transfers(services, quick ? 20 : 100, label);
    System.out.printf("scale %s: transfer confirm p50 %.2f ms p99 %.2f ms%n", label, transfer.p50(), transfer.p99());
    return new InProcess(searches, pages, seconds[0], seconds[1], transfer);
  }

  private static Latencies credits(LedgerServices services, int port, int samples, String label) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    TopUpOrders orders = services.topUpOrders();
    long[] lat = new long[samples];
    long run = System.currentTimeMillis();
    for (int i = 0; i < samples + 10; i++) {
      long userId = services.users().byTelegramId(8000002001L + (i % ScaleLoader.CREDITED)).orElseThrow().id();
      if (!(orders.create(userId, Money.rupiah(50_000)) instanceof TopUpOrders.CreateResult.Created created)) {
        throw new IllegalStateException("no top-up order for user " + userId);
      }
      String body = String.format(
          "{\"event_id\":\"scale-%s-%d-%d\",\"order_id\":\"%s\",\"amount\":%d,\"status\":\"paid\",\"reference\":\"BANK-%d-%d\",\"paid_at\":\"%s\"}",
          label, run, i, created.order().reference(), created.order().total().rupiah(), run, i, Instant.now());
      HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/payments"))
          .header("Content-Type", "application/json")
          .header("X-BizCash-Signature", "sha256=" + hmac(body))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - t0;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("credit answered " + r.statusCode() + ": " + r.body());
      }
      if (i >= 10) {
        lat[i - 10] = took;
      }
    }
    return Latencies.of(lat);
  }

  private static Latencies transfers(LedgerServices services, int count, String label) {
    InProcessChats chats = ConfirmPathBench.chats(services);
    long[] lat = new long[count];
    try {
      for (int i = 0; i < count + 5; i++) {
        int s = 1 + i % ScaleLoader.SENDERS;
        InProcessChats.Chat chat = chats.chat(8000001000L + s, "scale_sender_" + s, "Sender " + s, "id");
        ConfirmPathBench.expect(chat.send("/transfer @scale_credit_" + (1 + i % ScaleLoader.CREDITED) + " 1500 scale " + label), "Periksa dulu");
        ConfirmPathBench.expect(chat.press("Konfirmasi"), "Masukkan PIN");
        long t0 = System.nanoTime();
        List<BotApiMethod<?>> receipt = chat.send(ScaleLoader.PIN);
        long took = System.nanoTime() - t0;
        ConfirmPathBench.expect(receipt, "✅ Terkirim");
        if (i >= 5) {
          lat[i - 5] = took;
        }
      }
    } finally {
      chats.core().close();
    }
    return Latencies.of(lat);
  }

  private static Process startApp(EmbeddedDatabase server, DatabaseUrl url, int port, Path log) throws IOException, Exception {
    ProcessBuilder pb = new ProcessBuilder(BenchSupport.java(), "-jar", BenchSupport.productionJar().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.equals("DATABASE_URL"));
    String db = url.jdbcUrl().substring(url.jdbcUrl().lastIndexOf('/') + 1);
    pb.environment().put("DATABASE_URL", "postgres://postgres@localhost:" + server.port() + "/" + db);
    pb.environment().put("HTTP_PORT", String.valueOf(port));
    pb.environment().put("PAYMENT_WEBHOOK_SECRET", SECRET);
    return pb.start();
  }

  private static void awaitHealth(Process app, int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(1)).build();
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(180)) {
      if (!app.isAlive()) {
        throw new IllegalStateException("the app exited with " + app.exitValue());
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no /health 200 within 180 s");
  }

  private static String hmac(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean exists(EmbeddedDatabase server, String name) throws java.sql.SQLException {
    try (var c = java.sql.DriverManager.getConnection(server.jdbcUrl());
        var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, name);
      return s.executeQuery().next();
    }
  }

  private static void create(EmbeddedDatabase server, String name) throws java.sql.SQLException {
    try (var c = java.sql.DriverManager.getConnection(server.jdbcUrl()); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
  }

  private static DatabaseUrl url(EmbeddedDatabase server, String name) {
    return new DatabaseUrl("jdbc:postgresql://localhost:" + server.port() + "/" + name, Optional.of("postgres"), Optional.empty());
  }

  private static long count(Database db, String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
