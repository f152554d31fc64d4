package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.db.DatabaseUrl;
import id.bizpro.bizcash.db.EmbeddedDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code statement.xlsx} and {@code statement.pdf}: seconds to make a 100,000-entry statement from
 * the database, in a child JVM limited to {@code -Xmx256m}, with its peak heap.
 */
final class StatementBench {
  static final int ENTRIES = 100_000;

  private StatementBench() {}

  static List<BenchResult> run(Path work, List<String> names) throws Exception {
    List<BenchResult> results = new ArrayList<>();
    try (EmbeddedDatabase server = EmbeddedDatabase.start(work.resolve("statement-pg"))) {
      long userId;
      try (Database db = Database.connect(server.url(), 2)) {
        userId = seed(db);
      }
      for (String format : List.of("xlsx", "pdf")) {
        if (names.contains("statement." + format)) {
          results.add(child(server.url(), userId, format));
        }
      }
    }
    return results;
  }

  /**
   * One user with 100,000 ledger entries this month, written in bulk but balanced like real ones:
   * each transfer has both parties' entries (the schema checks they sum to zero at commit).
   */
  private static long seed(Database db) {
    return db.jdbi().inTransaction(h -> {
      long user = h.createQuery("INSERT INTO users (telegram_id, username, first_name, last_name, language) "
          + "VALUES (8000000001, 'budi', 'Budi', 'Santoso', 'id') RETURNING id").mapTo(Long.class).one();
      long other = h.createQuery("INSERT INTO users (telegram_id, username, first_name, language) "
          + "VALUES (8000000002, 'sari_catering', 'Sari', 'id') RETURNING id").mapTo(Long.class).one();
      h.execute("INSERT INTO accounts (kind, code, user_id) VALUES ('user_available', 'user:' || ?, ?), ('user_available', 'user:' || ?, ?)",
          user, user, other, other);
      // Alternating: Sari pays Budi 20.000, Budi pays Sari 15.000 — Budi's balance grows by 5.000 per pair.
      h.execute("""
          WITH t AS (
            INSERT INTO transfers (idempotency_key, request_hash, kind, amount, fee, from_user_id, to_user_id, note, created_at)
            SELECT 'bench-stmt-' || g, 'bench', 'p2p', CASE WHEN g % 2 = 1 THEN 20000 ELSE 15000 END, 0,
                   CASE WHEN g % 2 = 1 THEN :other ELSE :user END, CASE WHEN g % 2 = 1 THEN :user ELSE :other END,
                   'pesanan #' || g, date_trunc('month', now()) + (g || ' seconds')::interval
            FROM generate_series(1, :n) g
            RETURNING id, amount, from_user_id, created_at)
          INSERT INTO entries (transfer_id, account_id, amount, balance_after, created_at)
          SELECT t.id, a.id, CASE WHEN t.from_user_id = a.user_id THEN -t.amount ELSE t.amount END,
                 sum(CASE WHEN t.from_user_id = a.user_id THEN -t.amount ELSE t.amount END)
                     OVER (PARTITION BY a.id ORDER BY t.id),
                 t.created_at
          FROM t JOIN accounts a ON a.user_id IN (:user, :other)
          """.replace(":user", String.valueOf(user)).replace(":other", String.valueOf(other)).replace(":n", String.valueOf(ENTRIES)));
      return user;
    });
  }

  private static BenchResult child(DatabaseUrl url, long userId, String format) throws Exception {
    Process p = new ProcessBuilder(BenchSupport.java(), "-Xmx256m", "-cp", BenchSupport.ownJar().toString(),
            StatementBenchChild.class.getName(), url.jdbcUrl(), url.user().orElse("postgres"), String.valueOf(userId), format)
        .redirectErrorStream(true)
        .start();
    String result = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          result = line;
        } else if (!line.contains(" INFO ") && !line.contains(" DEBUG ")) {
          System.out.println("  [statement." + format + "] " + line);
        }
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
      throw new IllegalStateException("statement." + format + " child failed (exit " + p.exitValue() + ")");
    }
    String[] parts = result.split(" ");
    double seconds = Double.parseDouble(parts[1]);
    long peakHeapMb = Long.parseLong(parts[2]);
    long rows = Long.parseLong(parts[3]);
    System.out.printf("statement.%s: %d entries in %.2f s, peak heap %d MiB of 256%n", format, rows, seconds, peakHeapMb);
    return BenchResult.of("statement." + format, seconds, "s");
  }
}
