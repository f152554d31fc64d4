package id.bizpro.bizcash.testing;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.SystemAccount;
import id.bizpro.bizcash.ledger.TransferKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Replays a whole ledger and compares every stored balance-after with the replay, two ways:
 *
 * <ol>
 *   <li>Each account's entries in id order: the running sum of their amounts must equal each
 *       entry's balance-after, a wallet's must never be negative, and the last must equal the
 *       account's balance.
 *   <li>The transfer headers alone (kind, amount, fee, users, hold), in id order, not the entries:
 *       each transfer must have exactly the legs its kind implies, and each leg's entry the amount
 *       and the balance-after that replaying the transfers before it gives. For two transfers that
 *       share an account, id order is commit order (a writer takes its id only after it holds the
 *       account's lock, which the earlier writer releases at commit), so this is the history a
 *       single-threaded ledger would have written.
 * </ol>
 *
 * Read in one REPEATABLE READ snapshot, so it may run while writers are busy. Stateless.
 */
public final class LedgerReplay {
  private static final int MAX_REPORTED = 20;

  private LedgerReplay() {}

  /** What was replayed. */
  public record Summary(long transfers, long entries, int openHolds) {}

  private record Entry(long id, long transferId, long account, long amount, long balanceAfter) {}

  /** Replays {@code jdbi}'s ledger; fails with the first differences found. */
  public static Summary verify(Jdbi jdbi, Ledger ledger) {
    return jdbi.inTransaction(
        org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ, h -> verify(h, ledger));
  }

  private static Summary verify(Handle h, Ledger ledger) {
    List<String> problems = new ArrayList<>();
    Map<Long, Long> walletOfUser = new HashMap<>();
    h.createQuery("SELECT user_id, id FROM accounts WHERE kind = 'user_available'")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> walletOfUser.put(e.getKey(), e.getValue()));
    Map<Long, Long> stored = new HashMap<>();
    h.createQuery("SELECT id, balance FROM accounts")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> stored.put(e.getKey(), e.getValue()));

    // 1. Each account's entries in id order.
    Map<Long, List<Entry>> entriesOfTransfer = new HashMap<>();
    Map<Long, Long> running = new HashMap<>();
    long[] entryCount = {0};
    h.createQuery("SELECT id, transfer_id, account_id, amount, balance_after FROM entries ORDER BY account_id, id")
        .setFetchSize(5_000)
        .map((rs, ctx) -> new Entry(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
        .forEach(e -> {
          entryCount[0]++;
          entriesOfTransfer.computeIfAbsent(e.transferId(), k -> new ArrayList<>(3)).add(e);
          long after = running.merge(e.account(), e.amount(), Long::sum);
          if (after != e.balanceAfter()) {
            report(problems, "entry " + e.id() + " of account " + e.account() + ": balance-after " + e.balanceAfter()
                + " but its account's entries up to it sum to " + after);
          }
          if (after < 0 && walletOfUser.containsValue(e.account())) {
            report(problems, "entry " + e.id() + ": wallet " + e.account() + " at " + after);
          }
        });
    stored.forEach((account, balance) -> {
      if (running.getOrDefault(account, 0L).longValue() != balance) {
        report(problems, "account " + account + ": balance " + balance + " but its entries sum to " + running.get(account));
      }
    });

    // 2. The transfer headers alone, in id order.
    long clearing = ledger.systemAccountId(SystemAccount.TOPUP_CLEARING);
    long fees = ledger.systemAccountId(SystemAccount.FEE_REVENUE);
    long inFlight = ledger.systemAccountId(SystemAccount.PAYOUTS_IN_FLIGHT);
    long settled = ledger.systemAccountId(SystemAccount.PAYOUTS_SETTLED);
    long suspense = ledger.systemAccountId(SystemAccount.UNAPPLIED_RECEIPTS);
    // The part of a top-up credit held over the balance cap is not in the transfer's header: it is
    // the over-cap receipt that names the credit as the transfer that brought it into suspense.
    Map<Long, Long> heldOfCredit = new HashMap<>();
    h.createQuery("""
            SELECT r.receipt_transfer_id, sum(r.amount) FROM unapplied_receipts r
            JOIN transfers t ON t.id = r.receipt_transfer_id AND t.kind = 'topup_credit'
            WHERE r.reason = 'over_cap' GROUP BY r.receipt_transfer_id
            """)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> heldOfCredit.put(e.getKey(), e.getValue()));
    Map<Long, Long> replayed = new HashMap<>();
    Map<Long, long[]> openHolds = new HashMap<>();
    long[] transferCount = {0};
    h.createQuery("SELECT id, kind, amount, fee, from_user_id, to_user_id, pending_id FROM transfers ORDER BY id")
        .setFetchSize(5_000)
        .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
            (Long) rs.getObject(5), (Long) rs.getObject(6), (Long) rs.getObject(7)})
        .forEach(row -> {
          transferCount[0]++;
          long id = (long) row[0];
          long amount = (long) row[2];
          long fee = (long) row[3];
          Long from = (Long) row[4];
          Long to = (Long) row[5];
          Long pending = (Long) row[6];
          // The legs the kind implies, in the ledger's order; a zero fee has no leg.
          Map<Long, Long> legs = new LinkedHashMap<>();
          switch (TransferKind.fromDb((String) row[1])) {
            case TOPUP_CREDIT -> {
              long held = heldOfCredit.getOrDefault(id, 0L);
              legs.put(clearing, -(amount + fee));
              legs.put(walletOfUser.get(to), amount - held);
              legs.put(fees, fee);
              legs.put(suspense, held);
            }
            case SUSPENSE_RECEIPT -> {
              legs.put(clearing, -amount);
              legs.put(suspense, amount);
            }
            case SUSPENSE_CREDIT -> {
              legs.put(suspense, -amount);
              legs.put(walletOfUser.get(to), amount);
            }
            case SUSPENSE_REFUND -> {
              legs.put(suspense, -amount);
              legs.put(settled, amount);
            }
            case SUSPENSE_REVERSAL -> {
              legs.put(suspense, -amount);
              legs.put(clearing, amount);
            }
            case TOPUP_REVERSAL -> {
              // amount = what the wallet gave back + the fee.
              legs.put(walletOfUser.get(from), -(amount - fee));
              legs.put(fees, -fee);
              legs.put(clearing, amount);
            }
            case P2P -> {
              legs.put(walletOfUser.get(from), -amount);
              legs.put(walletOfUser.get(to), amount);
            }
            case WITHDRAWAL_HOLD -> {
              legs.put(walletOfUser.get(from), -(amount + fee));
              legs.put(inFlight, amount + fee);
              openHolds.put(id, new long[] {amount, fee});
            }
            case WITHDRAWAL_POST -> {
              checkResolves(problems, id, openHolds.remove(pending), amount, fee);
              legs.put(inFlight, -(amount + fee));
              legs.put(settled, amount);
              legs.put(fees, fee);
            }
            case WITHDRAWAL_VOID -> {
              checkResolves(problems, id, openHolds.remove(pending), amount, fee);
              legs.put(inFlight, -(amount + fee));
              legs.put(walletOfUser.get(to), amount + fee);
            }
            // A kind added later must be taught here (its legs), or every transfer of it fails.
            default -> report(problems, "transfer " + id + ": the replay does not know kind " + row[1]);
          }
          legs.values().removeIf(d -> d == 0);
          List<Entry> actual = entriesOfTransfer.getOrDefault(id, List.of());
          if (actual.size() != legs.size()) {
            report(problems, "transfer " + id + " (" + row[1] + "): " + actual.size() + " entries, its kind implies " + legs);
          }
          legs.forEach((account, delta) -> {
            long after = replayed.merge(account, delta, Long::sum);
            Entry e = actual.stream().filter(x -> Objects.equals(x.account(), account)).findFirst().orElse(null);
            if (e == null || e.amount() != delta || e.balanceAfter() != after) {
              report(problems, "transfer " + id + " (" + row[1] + ") on account " + account + ": replay gives " + delta
                  + " → " + after + ", stored " + (e == null ? "no entry" : e.amount() + " → " + e.balanceAfter()));
            }
            if (after < 0 && walletOfUser.containsValue(account)) {
              report(problems, "replay: wallet " + account + " at " + after + " after transfer " + id);
            }
          });
        });
    stored.forEach((account, balance) -> {
      if (replayed.getOrDefault(account, 0L).longValue() != balance) {
        report(problems, "account " + account + ": balance " + balance + " but replaying the transfers gives "
            + replayed.getOrDefault(account, 0L));
      }
    });

    if (!problems.isEmpty()) {
      throw new AssertionError("the ledger does not replay (" + problems.size() + " shown):\n" + String.join("\n", problems));
    }
    return new Summary(transferCount[0], entryCount[0], openHolds.size());
  }

  private static void checkResolves(List<String> problems, long id, long[] hold, long amount, long fee) {
    if (hold == null) {
      report(problems, "transfer " + id + " resolves a hold that is not open");
    } else if (hold[0] != amount || hold[1] != fee) {
      report(problems, "transfer " + id + " resolves " + amount + " + " + fee + ", the hold was " + hold[0] + " + " + hold[1]);
    }
  }

  private static void report(List<String> problems, String problem) {
    if (problems.size() < MAX_REPORTED) {
      problems.add(problem);
    }
  }
}
