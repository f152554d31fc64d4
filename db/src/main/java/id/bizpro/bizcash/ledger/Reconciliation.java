package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Checks the ledger's invariants from the stored rows, in one REPEATABLE READ snapshot so that
 * concurrent transfers cannot make a consistent ledger look broken. Thread-safe.
 */
public final class Reconciliation {
  private final Jdbi jdbi;

  public Reconciliation(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** What was checked and every violation found; {@link #holds()} when there are none. */
  public record Report(
      long transfers,
      long entries,
      long accounts,
      Money walletTotal,
      Map<String, Money> systemBalances,
      List<String> violations) {
    public boolean holds() {
      return violations.isEmpty();
    }

    public String summary() {
      StringBuilder s = new StringBuilder();
      s.append(holds() ? "ledger OK" : "ledger BROKEN (" + violations.size() + " violations)")
          .append(": ")
          .append(transfers)
          .append(" transfers, ")
          .append(entries)
          .append(" entries, ")
          .append(accounts)
          .append(" accounts; wallets ")
          .append(walletTotal.format());
      systemBalances.forEach((code, m) -> s.append("; ").append(code).append(' ').append(m.format()));
      return s.toString();
    }
  }

  public Report run() {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          List<String> violations = new ArrayList<>();
          h.createQuery(
                  """
                  SELECT transfer_id, sum(amount) FROM entries GROUP BY transfer_id
                  HAVING sum(amount) <> 0 ORDER BY transfer_id LIMIT 20
                  """)
              .map((rs, ctx) -> "transfer " + rs.getLong(1) + " entries sum to " + rs.getLong(2) + ", not 0")
              .forEach(violations::add);
          h.createQuery(
                  """
                  SELECT t.id FROM transfers t
                  WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.transfer_id = t.id)
                  ORDER BY t.id LIMIT 20
                  """)
              .map((rs, ctx) -> "transfer " + rs.getLong(1) + " has no entries")
              .forEach(violations::add);
          h.createQuery(
                  """
                  SELECT a.code, a.balance, coalesce(s.total, 0), coalesce(l.balance_after, 0)
                  FROM accounts a
                  LEFT JOIN (SELECT account_id, sum(amount) AS total FROM entries GROUP BY account_id) s
                         ON s.account_id = a.id
                  LEFT JOIN LATERAL (SELECT balance_after FROM entries e WHERE e.account_id = a.id
                                     ORDER BY e.id DESC LIMIT 1) l ON true
                  WHERE a.balance <> coalesce(s.total, 0) OR a.balance <> coalesce(l.balance_after, 0)
                  ORDER BY a.id LIMIT 20
                  """)
              .map(
                  (rs, ctx) ->
                      "account "
                          + rs.getString(1)
                          + " balance "
                          + rs.getLong(2)
                          + " but entries sum to "
                          + rs.getLong(3)
                          + " and the last balance-after is "
                          + rs.getLong(4))
              .forEach(violations::add);
          h.createQuery("SELECT code, balance FROM accounts WHERE kind = 'user_available' AND balance < 0 LIMIT 20")
              .map((rs, ctx) -> "wallet " + rs.getString(1) + " is negative: " + rs.getLong(2))
              .forEach(violations::add);
          // Suspense holds exactly the open unapplied receipts: money no receipt explains is lost track of.
          h.createQuery(
                  """
                  SELECT a.balance, coalesce((SELECT sum(amount) FROM unapplied_receipts WHERE status = 'open'), 0)
                  FROM accounts a WHERE a.code = 'system:unapplied_receipts'
                  """)
              .map((rs, ctx) -> rs.getLong(1) == rs.getLong(2)
                  ? null
                  : "suspense holds " + rs.getLong(1) + " but its open receipts sum to " + rs.getLong(2))
              .forEach(v -> {
                if (v != null) {
                  violations.add(v);
                }
              });
          long total = h.createQuery("SELECT coalesce(sum(balance), 0) FROM accounts").mapTo(Long.class).one();
          if (total != 0) {
            violations.add("the balances of all accounts sum to " + total + ", not 0");
          }
          long transfers = h.createQuery("SELECT count(*) FROM transfers").mapTo(Long.class).one();
          long entries = h.createQuery("SELECT count(*) FROM entries").mapTo(Long.class).one();
          long accounts = h.createQuery("SELECT count(*) FROM accounts").mapTo(Long.class).one();
          long wallets =
              h.createQuery("SELECT coalesce(sum(balance), 0) FROM accounts WHERE kind = 'user_available'")
                  .mapTo(Long.class)
                  .one();
          Map<String, Money> system = new LinkedHashMap<>();
          h.createQuery("SELECT code, balance FROM accounts WHERE kind = 'system' ORDER BY id")
              .map((rs, ctx) -> Map.entry(rs.getString(1), Money.rupiah(rs.getLong(2))))
              .forEach(e -> system.put(e.getKey(), e.getValue()));
          return new Report(transfers, entries, accounts, Money.rupiah(wallets), system, List.copyOf(violations));
        });
  }
}
