package id.bizpro.bizcash.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.testing.LedgerFixture;
import id.bizpro.bizcash.user.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code p2p_send_batch} is the one P2P path; it decides a group of transfers in memory and writes
 * them set-wise. This test holds it to the rules twice over: the same random request sequence
 * (retries, reused keys with other content, short wallets, the balance cap, unknown users,
 * transfers to oneself, amounts below the minimum) runs one request at a time (groups of one) on
 * one database and in random groups on another, and every answer, balance, transfer and entry must
 * be the same (grouping changes nothing); and the one-at-a-time answers and balances must be those
 * of {@link Model}, the rules written out plainly in Java, so a change to the function's rules
 * fails here even though both databases run the same function. Without a daily limit the single
 * requests go through {@code Ledger.execute}, with one through {@code Ledger.sendP2p}.
 */
class P2pGroupingEquivalenceTest {
  private static final int USERS = 6;
  private static final long UNKNOWN_USER = 987_654_321L;
  private static final long MINIMUM = 1_000;
  private static final long CAP = 20_000_000;

  @Test
  void groups_answer_exactly_as_the_same_requests_one_at_a_time_and_as_the_rules_say() {
    Set<String> reached = new HashSet<>();
    for (long seed = 1; seed <= 3; seed++) {
      reached.addAll(compare(seed, Optional.empty()));
    }
    assertReachedEveryRule(reached, false);
  }

  @Test
  void groups_under_a_daily_limit_answer_exactly_as_one_request_at_a_time_and_as_the_rules_say() {
    Set<String> reached = new HashSet<>();
    for (long seed = 11; seed <= 13; seed++) {
      reached.addAll(compare(seed, Optional.of(Money.rupiah(3_000_000))));
    }
    assertReachedEveryRule(reached, true);
  }

  /** The sequences reached every rule (the daily limit only when there is one). */
  private static void assertReachedEveryRule(Set<String> reached, boolean dailyLimit) {
    Set<String> expected = new HashSet<>(Set.of("Done", "AlreadyDone", "Conflict", "InsufficientFunds",
        "SameAccount", "NotFound", "TRANSFER_MINIMUM", "BALANCE_CAP"));
    if (dailyLimit) {
      expected.add("DAILY_MONEY_OUT");
    }
    assertTrue(reached.containsAll(expected), "reached only " + reached);
  }

  /**
   * Runs one random sequence on two fresh databases, one request at a time and in random groups;
   * returns the outcomes it reached.
   */
  private static Set<String> compare(long seed, Optional<Money> dailyLimit) {
    try (LedgerFixture one = new LedgerFixture(); LedgerFixture grouped = new LedgerFixture()) {
      assertEquals(MINIMUM, one.ledger.limits().transferMinimum().rupiah());
      assertEquals(CAP, one.ledger.limits().balanceCap().rupiah());
      long[] ids1 = setUp(one);
      long[] ids2 = setUp(grouped);
      Random rnd = new Random(seed);
      List<int[]> plan = plan(rnd, 400);

      Model model = new Model(dailyLimit.map(Money::rupiah));
      List<LedgerResult> alone = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        TransferRequest.P2p r = request(plan.get(i), ids1);
        LedgerResult result = dailyLimit.isEmpty()
            ? one.ledger.execute(r)
            : one.db.jdbi().withHandle(h -> one.ledger.sendP2p(h, r, dailyLimit));
        assertEquals(model.send(plan.get(i)), describe(result),
            "seed " + seed + ", request " + i + " against the rules");
        alone.add(result);
      }
      for (int u = 0; u < USERS; u++) {
        assertEquals(model.balances[u], balance(one, ids1[u]), "balance of user " + u + " against the rules");
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
      Set<String> kinds = new HashSet<>();
      for (int i = 0; i < plan.size(); i++) {
        String what = "seed " + seed + ", request " + i;
        LedgerResult a = alone.get(i);
        LedgerResult b = inGroups.get(i);
        assertEquals(describe(a), describe(b), what);
        done += a instanceof LedgerResult.Done ? 1 : 0;
        kinds.add(a instanceof LedgerResult.LimitExceeded l ? l.limit().name() : a.getClass().getSimpleName());
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
      for (LedgerFixture f : List.of(one, grouped)) {
        // Per account, time order is entry order (statements cut periods by time).
        assertEquals(0, count(f, """
            SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (PARTITION BY account_id ORDER BY id) AS back
                                    FROM entries) s WHERE back"""));
        // Every transfer has its notification, with the balance its entry left, and nothing else.
        assertEquals(done, count(f, """
            SELECT count(*) FROM outbox o JOIN transfers t ON o.dedupe_key = 'transfer-received:' || t.id
              JOIN entries e ON e.transfer_id = t.id AND e.amount > 0
             WHERE (o.params->>'balance')::bigint = e.balance_after AND o.user_id = t.to_user_id"""));
        assertEquals(done, count(f, "SELECT count(*) FROM outbox WHERE kind = 'transfer_received'"));
        assertTrue(f.reconciliation.run().holds());
      }
      return kinds;
    }
  }

  /**
   * The P2P rules in the order the ledger applies them, on the plan's user numbers: same wallet,
   * the minimum, the daily limit (never for a recorded key), unknown users, the idempotency key,
   * the sender's balance, the recipient's balance cap. Answers in {@link #describe}'s words.
   */
  private static final class Model {
    final long[] balances = new long[USERS];
    final Map<Integer, int[]> recorded = new HashMap<>();
    final Map<Integer, Long> sentToday = new HashMap<>();
    final Optional<Long> dailyLimit;

    Model(Optional<Long> dailyLimit) {
      this.dailyLimit = dailyLimit;
      for (int u = 0; u < USERS; u++) {
        balances[u] = start(u);
      }
    }

    String send(int[] p) {
      int from = p[0];
      int to = p[1];
      long amount = p[2];
      String key = "eq-" + p[3];
      int[] earlier = recorded.get(p[3]);
      boolean bothUnknown = from == USERS && to == USERS;   // two different unknown ids
      if (from == to && !bothUnknown) {
        return "SameAccount[]";
      }
      if (amount < MINIMUM) {
        return "limit TRANSFER_MINIMUM " + Money.rupiah(MINIMUM) + " " + Money.rupiah(amount);
      }
      if (dailyLimit.isPresent() && earlier == null) {
        long used = sentToday.getOrDefault(from, 0L);
        if (used + amount > dailyLimit.get()) {
          return "limit DAILY_MONEY_OUT " + Money.rupiah(dailyLimit.get()) + " " + Money.rupiah(used + amount);
        }
      }
      if (from == USERS || to == USERS) {
        return "not found user #";
      }
      if (earlier != null) {
        boolean same = earlier[0] == from && earlier[1] == to && earlier[2] == amount && earlier[4] == p[4];
        return (same ? "already " : "conflict ") + key + " " + Money.rupiah(earlier[2]);
      }
      if (balances[from] < amount) {
        return "insufficient " + Money.rupiah(balances[from]) + " " + Money.rupiah(amount);
      }
      if (balances[to] + amount > CAP) {
        return "limit BALANCE_CAP " + Money.rupiah(CAP) + " " + Money.rupiah(balances[to] + amount);
      }
      balances[from] -= amount;
      balances[to] += amount;
      sentToday.merge(from, amount, Long::sum);
      recorded.put(p[3], p.clone());
      return "done " + key + " " + Money.rupiah(amount);
    }
  }

  private static long start(int u) {
    return u < 4 ? 1_500_000 : 19_950_000;
  }

  /** Six users; the last two start near the balance cap (20,000,000 in the fixture). */
  private static long[] setUp(LedgerFixture f) {
    long[] ids = new long[USERS];
    for (int u = 0; u < USERS; u++) {
      User user = f.user("eq" + u);
      ids[u] = user.id();
      f.fund(user, start(u));
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
