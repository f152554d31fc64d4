package id.bizpro.bizcash.bench;

import id.bizpro.bizcash.db.Database;
import id.bizpro.bizcash.pin.PinHasher;
import org.jdbi.v3.core.Handle;

/**
 * Fills a migrated database by SQL for {@code bench scale}, fast and consistent with every ledger
 * invariant: each transfer has the entries the ledger's own functions would write for its kind
 * (top-up: clearing → wallet + fee revenue; P2P with a note; withdrawal hold → paid (settled +
 * fee revenue) or voided (back to the wallet) or still held), every entry's {@code balance_after}
 * is its account's running balance, and the accounts' balances are the sums. Triggers are off
 * during the load ({@code session_replication_role = replica}: the per-transfer zero-sum trigger
 * and the foreign keys would take most of the time); the full reconciliation afterwards is the
 * proof that the rows are what the ledger would have written.
 *
 * <p>Two parts: the background ({@link #background}: {@code users} users and about {@code
 * transfers} transfers over the last year) only in the loaded database, and the subjects ({@link
 * #subjects}: the users every measurement acts on) in both the loaded and the empty one, so the
 * ratio loaded / empty is the cost of the data around them.
 */
final class ScaleLoader {
  static final int SENDERS = 200;
  static final int CREDITED = 300;
  static final String PIN = "580274";

  private ScaleLoader() {}

  /**
   * The subjects: {@code scale_hot} with 100,000 received transfers (10,000 of them this month,
   * the statement's month) from {@code scale_payer}; {@link #SENDERS} funded {@code scale_sender_N}
   * with PIN {@link #PIN}; {@link #CREDITED} {@code scale_credit_N} who will pay top-ups.
   */
  static void subjects(Database db) {
    db.jdbi().useHandle(h -> {
      h.execute("SET session_replication_role = replica");
      h.execute("""
          INSERT INTO users (telegram_id, username, first_name, language)
          VALUES (8000000001, 'scale_hot', 'Hot Merchant', 'id'), (8000000002, 'scale_payer', 'Payer', 'id')
          """);
      h.execute("""
          INSERT INTO users (telegram_id, username, first_name, language)
          SELECT 8000001000 + g, 'scale_sender_' || g, 'Sender ' || g, 'id' FROM generate_series(1, ?) g
          """, SENDERS);
      h.execute("""
          INSERT INTO users (telegram_id, username, first_name, language)
          SELECT 8000002000 + g, 'scale_credit_' || g, 'Credit ' || g, 'id' FROM generate_series(1, ?) g
          """, CREDITED);
      h.execute("""
          INSERT INTO accounts (kind, code, user_id)
          SELECT 'user_available', 'user:' || id, id FROM users WHERE telegram_id BETWEEN 8000000000 AND 8999999999
          """);
      byte[] salt = PinHasher.newSalt();
      h.createUpdate("""
              INSERT INTO user_pins (user_id, hash, salt, iterations)
              SELECT id, :h, :s, :i FROM users WHERE username LIKE 'scale\\_sender\\_%'
              """).bind("h", PinHasher.hash(PIN, salt, PinHasher.ITERATIONS)).bind("s", salt)
          .bind("i", PinHasher.ITERATIONS).execute();
      h.execute("CREATE TEMP TABLE load_moves (n bigint, kind text, from_user bigint, to_user bigint, amount bigint,"
          + " fee bigint, note text, reference text, resolves bigint, created_at timestamptz)");
      // The payer and the senders are funded first (one top-up each), then the hot user's year.
      h.execute("""
          INSERT INTO load_moves
          SELECT row_number() OVER (ORDER BY u.id), 'topup_credit', NULL, u.id, 2000000000, 6000, NULL,
                 'TOP-SCALE' || u.id, NULL, now() - interval '366 days'
            FROM users u WHERE u.username = 'scale_payer' OR u.username LIKE 'scale\\_sender\\_%'
          """);
      h.execute("""
          INSERT INTO load_moves
          SELECT 1000 + g, 'p2p', (SELECT id FROM users WHERE username = 'scale_payer'),
                 (SELECT id FROM users WHERE username = 'scale_hot'), 1000 + (g % 97) * 100, 0,
                 'invoice ' || g, NULL, NULL,
                 CASE WHEN g <= 90000
                      THEN date_trunc('month', now()) - interval '330 days' + (g * interval '316 seconds')
                      ELSE date_trunc('month', now()) + ((g - 90000) * (now() - date_trunc('month', now())) / 10001) END
            FROM generate_series(1, 100000) g
          """);
      post(h);
    });
  }

  /**
   * {@code users} users named like real people, and about {@code transfers} transfers over the last
   * year: a top-up per user first, then 70% P2P with notes, 15% more top-ups, 15% withdrawals of
   * which 70% paid, 15% voided and 15% still held (with their withdrawal rows and bank accounts).
   */
  static void background(Database db, int users, long transfers) {
    db.jdbi().useHandle(h -> {
      h.execute("SET session_replication_role = replica");
      h.execute("SET work_mem = '256MB'");
      h.execute("""
          INSERT INTO users (telegram_id, username, first_name, last_name, language)
          SELECT 100000000 + g,
                 CASE WHEN g % 10 = 0 THEN NULL ELSE lower(f) || '_' || lower(l) || g END,
                 f, l, CASE WHEN g % 5 = 0 THEN 'en' ELSE 'id' END
            FROM generate_series(1, ?) g,
                 LATERAL (SELECT (ARRAY['Budi','Siti','Agus','Dewi','Rudi','Sri','Andi','Putri','Joko','Ayu','Wahyu',
                                        'Rina','Eko','Indah','Hendra','Fitri','Bayu','Lestari','Dimas','Nur','Citra',
                                        'Fajar','Ratna','Yusuf','Maya','Arif','Wulan','Bambang','Intan','Rizky'])[1 + g % 30] AS f,
                                 (ARRAY['Santoso','Wijaya','Saputra','Pratama','Hidayat','Kusuma','Nugroho','Lubis',
                                        'Siregar','Hasibuan','Setiawan','Gunawan','Halim','Tanjung','Purba','Sinaga',
                                        'Harahap','Simanjuntak','Wibowo','Susanto','Rahman','Utomo','Firmansyah'])[1 + (g / 30) % 23] AS l) n
          """, users);
      h.execute("""
          INSERT INTO accounts (kind, code, user_id)
          SELECT 'user_available', 'user:' || id, id FROM users WHERE telegram_id BETWEEN 100000001 AND 199999999
          """);
      long first = h.createQuery("SELECT min(id) FROM users WHERE telegram_id BETWEEN 100000001 AND 199999999")
          .mapTo(Long.class).one();
      h.execute("""
          INSERT INTO bank_accounts (user_id, bank_code, bank_name, account_number, holder_name)
          SELECT id, 'BCA', 'Bank Central Asia', lpad((id % 10000000000)::text, 10, '0'), first_name || ' ' || coalesce(last_name, '')
            FROM users WHERE telegram_id BETWEEN 100000001 AND 199999999
          """);
      h.execute("CREATE TEMP TABLE load_moves (n bigint, kind text, from_user bigint, to_user bigint, amount bigint,"
          + " fee bigint, note text, reference text, resolves bigint, created_at timestamptz)");
      // Withdrawals are 15% of the moves and 85% of them get a resolution transfer of their own.
      long rest = Math.max(0, Math.round((transfers - users) / (1 + 0.15 * 0.85)));
      // A top-up for every user at the start of the year, large enough that no later move of theirs
      // can overdraw them (P2P up to Rp 500.000, withdrawals up to Rp 2.000.000).
      h.execute("""
          INSERT INTO load_moves
          SELECT g, 'topup_credit', NULL, ? + g - 1, 50000000 + (g % 7) * 1000, 6000, NULL, 'TOP-L' || g, NULL,
                 now() - interval '365 days' + g * interval '1 millisecond'
            FROM generate_series(1, ?) g
          """, first, users);
      // The year's moves, in time order: n (and so ids) increase with created_at.
      h.execute("""
          INSERT INTO load_moves
          SELECT ? + g,
                 CASE WHEN r < 70 THEN 'p2p' WHEN r < 85 THEN 'topup_credit' ELSE 'withdrawal_hold' END,
                 CASE WHEN r < 70 OR r >= 85 THEN ? + (g * 7919) % ? ELSE NULL END,
                 CASE WHEN r < 70 THEN ? + (g * 104729 + 1) % ? WHEN r < 85 THEN ? + (g * 31) % ? ELSE NULL END,
                 CASE WHEN r < 70 THEN 1000 + (g * 37) % 499000 WHEN r < 85 THEN 10000 + (g % 100) * 1000
                      ELSE 50000 + (g % 40) * 10000 END,
                 CASE WHEN r < 70 THEN 0 WHEN r < 85 THEN 6000 ELSE 8000 END,
                 CASE WHEN r < 70 AND g % 4 <> 0 THEN (ARRAY['makan siang','bayar kos','patungan','cicilan','desain logo',
                      'ongkir','arisan','servis motor','titip beli','sewa alat'])[1 + g % 10] || ' ' || (g % 1000) END,
                 CASE WHEN r < 70 THEN NULL WHEN r < 85 THEN 'TOP-M' || g ELSE 'WD-M' || g END,
                 NULL,
                 now() - interval '364 days' + g * (interval '363 days' / ?)
            FROM generate_series(1, ?) g, LATERAL (SELECT (g * 2654435761) % 100 AS r) x
          """, users, first, users, first, users, first, users, Math.max(1, rest), Math.max(1, rest));
      // P2P to oneself is not a transfer (a CHECK): those pairs pay the next user instead.
      h.execute("UPDATE load_moves SET to_user = ? + (to_user - ? + 1) % ? WHERE kind = 'p2p' AND to_user = from_user",
          first, first, users);
      // Withdrawals resolved a little later: 70% paid, 15% voided, 15% still held.
      h.execute("""
          INSERT INTO load_moves
          SELECT ? + ? + row_number() OVER (ORDER BY n),
                 CASE WHEN n % 20 < 14 THEN 'withdrawal_post' ELSE 'withdrawal_void' END,
                 CASE WHEN n % 20 < 14 THEN from_user END, CASE WHEN n % 20 >= 14 THEN from_user END,
                 amount, fee, NULL, reference, n, created_at + interval '2 days'
            FROM load_moves WHERE kind = 'withdrawal_hold' AND n % 20 < 17
          """, users, rest);
      post(h);
      h.execute("""
          INSERT INTO withdrawals (reference, user_id, bank_account_id, bank_code, bank_name, account_number, holder_name,
                                   amount, fee, status, due_date, hold_transfer_id, resolution_transfer_id, created_at, resolved_at)
          SELECT hold.reference, hold.from_user_id, b.id, b.bank_code, b.bank_name, b.account_number, b.holder_name,
                 hold.amount, hold.fee,
                 CASE WHEN res.kind = 'withdrawal_post' THEN 'paid' WHEN res.kind = 'withdrawal_void' THEN 'failed' ELSE 'pending' END,
                 (hold.created_at + interval '9 days')::date, hold.id, res.id, hold.created_at, res.created_at
            FROM transfers hold
            JOIN bank_accounts b ON b.user_id = hold.from_user_id
            LEFT JOIN transfers res ON res.pending_id = hold.id
           WHERE hold.kind = 'withdrawal_hold' AND hold.reference LIKE 'WD-M%'
          """);
    });
  }

  /**
   * Writes {@code load_moves} as transfers and entries, in {@code n} order, continuing every
   * account's running balance, then the balances. Ids are drawn from the identity sequences so
   * that a withdrawal's resolution can name its hold's id in the same statement.
   */
  private static void post(Handle h) {
    long base = h.createQuery("SELECT nextval(pg_get_serial_sequence('transfers', 'id'))").mapTo(Long.class).one();
    long maxN = h.createQuery("SELECT coalesce(max(n), 0) FROM load_moves").mapTo(Long.class).one();
    h.execute("SELECT setval(pg_get_serial_sequence('transfers', 'id'), ?)", base + maxN + 1);
    h.execute("""
        INSERT INTO transfers (id, idempotency_key, request_hash, kind, amount, fee, from_user_id, to_user_id,
                               reference, note, pending_id, created_at)
        OVERRIDING SYSTEM VALUE
        SELECT ? + n, 'load-' || (? + n), 'load', kind, amount, fee, from_user, to_user, reference, note,
               CASE WHEN resolves IS NOT NULL THEN ? + resolves END, created_at
          FROM load_moves
        """, base, base, base);
    // The legs, as Ledger writes them for each kind.
    h.execute("""
        CREATE TEMP TABLE load_legs AS
        SELECT t.n, l.leg, l.account_id, l.amount, t.created_at
          FROM load_moves t
          CROSS JOIN LATERAL (
            SELECT * FROM (VALUES
              (1, CASE t.kind WHEN 'topup_credit' THEN (SELECT id FROM accounts WHERE code = 'system:topup_clearing')
                              WHEN 'p2p' THEN (SELECT id FROM accounts WHERE user_id = t.from_user AND kind = 'user_available')
                              WHEN 'withdrawal_hold' THEN (SELECT id FROM accounts WHERE user_id = t.from_user AND kind = 'user_available')
                              ELSE (SELECT id FROM accounts WHERE code = 'system:payouts_in_flight') END,
                  CASE t.kind WHEN 'topup_credit' THEN -(t.amount + t.fee) WHEN 'p2p' THEN -t.amount
                              ELSE -(t.amount + t.fee) END),
              (2, CASE t.kind WHEN 'topup_credit' THEN (SELECT id FROM accounts WHERE user_id = t.to_user AND kind = 'user_available')
                              WHEN 'p2p' THEN (SELECT id FROM accounts WHERE user_id = t.to_user AND kind = 'user_available')
                              WHEN 'withdrawal_hold' THEN (SELECT id FROM accounts WHERE code = 'system:payouts_in_flight')
                              WHEN 'withdrawal_post' THEN (SELECT id FROM accounts WHERE code = 'system:payouts_settled')
                              ELSE (SELECT id FROM accounts WHERE user_id = t.to_user AND kind = 'user_available') END,
                  CASE t.kind WHEN 'topup_credit' THEN t.amount WHEN 'p2p' THEN t.amount
                              WHEN 'withdrawal_post' THEN t.amount ELSE t.amount + t.fee END),
              (3, CASE WHEN t.kind IN ('topup_credit', 'withdrawal_post') AND t.fee > 0
                       THEN (SELECT id FROM accounts WHERE code = 'system:fee_revenue') END,
                  t.fee)
            ) AS v (leg, account_id, amount) WHERE v.account_id IS NOT NULL) l
        """);
    // Entry ids are 3 per transfer in transfer order (a leg that a kind does not have leaves a gap,
    // as a rolled-back insert would): no sort to number them.
    long entryBase = h.createQuery("SELECT nextval(pg_get_serial_sequence('entries', 'id'))").mapTo(Long.class).one();
    h.execute("SELECT setval(pg_get_serial_sequence('entries', 'id'), ?)", entryBase + 3 * (maxN + 1) + 3);
    // Secondary indexes are built once after the rows rather than maintained row by row: the
    // definitions come from the catalogue, so they stay what the migrations made.
    java.util.List<String> indexes = h.createQuery("""
        SELECT indexdef FROM pg_indexes i
         WHERE i.tablename IN ('entries', 'transfers') AND i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """).mapTo(String.class).list();
    h.createQuery("""
        SELECT indexname FROM pg_indexes i
         WHERE i.tablename IN ('entries', 'transfers') AND i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """).mapTo(String.class).list().forEach(name -> h.execute("DROP INDEX " + name));
    h.execute("""
        INSERT INTO entries (id, transfer_id, account_id, amount, balance_after, created_at)
        OVERRIDING SYSTEM VALUE
        SELECT ? + 3 * l.n + l.leg, ? + l.n, l.account_id, l.amount,
               a.balance + sum(l.amount) OVER (PARTITION BY l.account_id ORDER BY l.n, l.leg), l.created_at
          FROM load_legs l JOIN accounts a ON a.id = l.account_id
        """, entryBase, base);
    h.execute("SET maintenance_work_mem = '512MB'");
    indexes.forEach(h::execute);
    h.execute("""
        UPDATE accounts a SET balance = a.balance + s.total
          FROM (SELECT account_id, sum(amount) AS total FROM load_legs GROUP BY account_id) s
         WHERE a.id = s.account_id
        """);
    h.execute("DROP TABLE load_legs");
    h.execute("DROP TABLE load_moves");
  }
}
