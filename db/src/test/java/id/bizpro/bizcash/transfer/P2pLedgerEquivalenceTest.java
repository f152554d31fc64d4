package id.bizpro.bizcash.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code p2p_send_batch} decides a group of transfers in memory and writes them set-wise; this test
 * holds it to the ledger's own rules: the same random request sequence (retries, reused keys with
 * other content, short wallets, the balance cap, unknown users, transfers to oneself, amounts below
 * the minimum) is run through {@code ledger_post} one request at a time on one database and through
 * {@code p2p_send_batch} in random groups on another, and every answer, balance, transfer and entry
 * must be the same. A second pair compares groups with one-at-a-time under a daily money-out limit.
 */
class P2pLedgerEquivalenceTest {
  private static final int USERS = 6;
  private static final long UNKNOWN_USER = 987_654_321L;

  @Test
  void groups_answer_exactly_as_ledger_post_one_request_at_a_time() {
    for (long seed = 1; seed <= 3; seed++) {
      compare(seed, Optional.empty(), true);
    }
  }

  @Test
  void groups_under_a_daily_limit_answer_exactly_as_one_request_at_a_time() {
    for (long seed = 11; seed <= 13; seed++) {
      compare(seed, Optional.of(Money.rupiah(3_000_000)), false);
    }
  }

  /**
   * Runs one random sequence on two fresh databases: one request at a time (through {@code
   * ledger_post} when {@code viaLedgerPost}, else through {@code p2p_send_batch} groups of one),
   * and in random groups; compares everything.
   */
  private static void compare(long seed, Optional<Money> dailyLimit, boolean viaLedgerPost) {
    try (LedgerFixture one = new LedgerFixture(); LedgerFixture grouped = new LedgerFixture()) {
      long[] ids1 = setUp(one);
      long[] ids2 = setUp(grouped);
      Random rnd = new Random(seed);
      List<int[]> plan = plan(rnd, 400);

      List<LedgerResult> alone = new ArrayList<>();
      for (int[] p : plan) {
        TransferRequest.P2p r = request(p, ids1);
        alone.add(viaLedgerPost
            ? one.ledger.execute(r)
            : one.db.jdbi().withHandle(h -> one.ledger.sendP2p(h, r, dailyLimit)));
      }
      List<LedgerResult> inGroups = new ArrayList<>();
      for (int i = 0; i < plan.size(); ) {
        int size = Math.min(plan.size() - i, 1 + rnd.nextInt(12));
        List<TransferRequest.P2p> group = new ArrayList<>();
        for (int j = i; j < i + size; j++) {
          group.add(request(plan.get(j), ids2));
        }
        inGroups.addAll(grouped.db.jdbi().withHandle(h -> grouped.ledger.sendP2p(h, group, dailyLimit)));
        i += size;
      }

      int done = 0;
      for (int i = 0; i < plan.size(); i++) {
        String what = "seed " + seed + ", request " + i;
        LedgerResult a = alone.get(i);
        LedgerResult b = inGroups.get(i);
        assertEquals(describe(a), describe(b), what);
        done += a instanceof LedgerResult.Done ? 1 : 0;
      }
      assertTrue(done > 100, "too few transfers went through to compare: " + done);
      for (int u = 0; u < USERS; u++) {
        assertEquals(balance(one, ids1[u]), balance(grouped, ids2[u]), "balance of user " + u);
      }
      String transfers = """
          SELECT string_agg(concat_ws(' ', idempotency_key, request_hash, amount, from_user_id, to_user_id, note),
                            E'\\n' ORDER BY id) FROM transfers WHERE kind = 'p2p'""";
      assertEquals(text(one, transfers), text(grouped, transfers));
      String entries = """
          SELECT string_agg(concat_ws(' ', t.idempotency_key, e.amount, e.balance_after, a.user_id),
                            E'\\n' ORDER BY e.id) FROM entries e JOIN transfers t ON t.id = e.transfer_id
            JOIN accounts a ON a.id = e.account_id WHERE t.kind = 'p2p'""";
      assertEquals(text(one, entries), text(grouped, entries));
      // Per account, time order is entry order (statements cut periods by time).
      assertEquals(0, count(grouped, """
          SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (PARTITION BY account_id ORDER BY id) AS back
                                  FROM entries) s WHERE back"""));
      // Every grouped transfer has its notification, with the balance its entry left.
      assertEquals(done, count(grouped, """
          SELECT count(*) FROM outbox o JOIN transfers t ON o.dedupe_key = 'transfer-received:' || t.id
            JOIN entries e ON e.transfer_id = t.id AND e.amount > 0
           WHERE (o.params->>'balance')::bigint = e.balance_after AND o.user_id = t.to_user_id"""));
      assertTrue(one.reconciliation.run().holds());
      assertTrue(grouped.reconciliation.run().holds());
    }
  }

  /** Six users; the last two start near the balance cap (20,000,000 in the fixture). */
  private static long[] setUp(LedgerFixture f) {
    long[] ids = new long[USERS];
    for (int u = 0; u < USERS; u++) {
      User user = f.user("eq" + u);
      ids[u] = user.id();
      f.fund(user, u < 4 ? 1_500_000 : 19_950_000);
    }
    return ids;
  }

  /** Each step: {from, to, amount, key number, note number}; index USERS means an unknown user. */
  private static List<int[]> plan(Random rnd, int n) {
    List<int[]> plan = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int roll = rnd.nextInt(100);
      if (roll < 12 && !plan.isEmpty()) {
        int[] earlier = plan.get(rnd.nextInt(plan.size()));
        plan.add(earlier.clone());                        // a retry: same key, same request
      } else if (roll < 17 && !plan.isEmpty()) {
        int[] other = plan.get(rnd.nextInt(plan.size())).clone();
        other[2] += 1_000;                                 // the same key for another request
        plan.add(other);
      } else {
        int from = rnd.nextInt(100) < 3 ? USERS : rnd.nextInt(USERS);
        int to = rnd.nextInt(100) < 3 ? USERS : rnd.nextInt(USERS);  // sometimes oneself
        int amount = switch (rnd.nextInt(10)) {
          case 0 -> 500;                                   // below the minimum
          case 1, 2 -> 400_000 + rnd.nextInt(900_000);     // often more than the wallet holds
          default -> 1_000 + rnd.nextInt(120_000);
        };
        plan.add(new int[] {from, to, amount, i, rnd.nextInt(3)});
      }
    }
    return plan;
  }

  private static TransferRequest.P2p request(int[] p, long[] ids) {
    long from = p[0] == USERS ? UNKNOWN_USER : ids[p[0]];
    long to = p[1] == USERS ? UNKNOWN_USER + 1 : ids[p[1]];
    Optional<String> note = p[4] == 0 ? Optional.empty() : Optional.of("catatan " + p[4]);
    return new TransferRequest.P2p("eq-" + p[3], from, to, Money.rupiah(p[2]), note);
  }

  /** What a user or the ledger would see of a result (ids differ between the two databases). */
  private static String describe(LedgerResult r) {
    return switch (r) {
      case LedgerResult.Done d -> "done " + d.transfer().idempotencyKey() + " " + d.transfer().amount();
      case LedgerResult.AlreadyDone d -> "already " + d.transfer().idempotencyKey() + " " + d.transfer().amount();
      case LedgerResult.Conflict c -> "conflict " + c.existing().idempotencyKey() + " " + c.existing().amount();
      case LedgerResult.InsufficientFunds f -> "insufficient " + f.balance() + " " + f.needed();
      case LedgerResult.LimitExceeded l -> "limit " + l.limit() + " " + l.limitValue() + " " + l.attempted();
      case LedgerResult.NotFound n -> "not found " + n.what().replaceAll("\\d+", "#");
      default -> r.toString();
    };
  }

  private static long balance(LedgerFixture f, long userId) {
    return f.ledger.balanceOf(userId).orElseThrow().rupiah();
  }

  private static String text(LedgerFixture f, String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static long count(LedgerFixture f, String sql) {
    return f.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
