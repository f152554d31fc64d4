package id.bizpro.bizcash.ledger;

import static id.bizpro.bizcash.ledger.ReconciliationSql.*;

import id.bizpro.bizcash.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the ledger's invariants from the stored rows, in one REPEATABLE READ snapshot so that
 * concurrent transfers cannot make a consistent ledger look broken: the entries of every transfer
 * sum to zero and a transfer has entries; every balance equals the sum of its entries and its last
 * balance-after; all balances sum to zero; no wallet is negative; the suspense account holds
 * exactly its open unapplied receipts, and the inline-held account its held inline sends. Thread-safe.
 *
 * <p>Two scopes. {@link #run()} reads every entry (the full check: `bizcash.jar reconcile`, the
 * RECONCILE_FULL_EVERY job). {@link #sinceCheckpoint()} reads only the entries written after each
 * account's checkpoint and the transfers after the verified mark, plus one pass over the accounts
 * for the totals — what start-up and the admins' screen use, so neither grows with the ledger. An
 * entry changed after it was verified is the full check's to find (it compares every account's
 * entries with what its checkpoint recorded); so is a balance changed without entries on an
 * account with no new entries, unless it also breaks the zero sum.
 *
 * <p>A check that holds moves the checkpoints to what it verified (one check at a time, across
 * processes: a session advisory lock); a check that finds a violation moves nothing, so the
 * violation is found again by every check until someone acts.
 */
public final class Reconciliation {
  private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
  private final Jdbi jdbi;

  public Reconciliation(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** What a check read: every entry, or only those after the checkpoint. */
  public enum Scope { FULL, SINCE_CHECKPOINT }

  /**
   * What was checked and every violation found; {@link #holds()} when there are none. {@code
   * entriesRead} is how many entries this check read (all of them in the full check).
   */
  public record Report(
      long transfers,
      long entries,
      long accounts,
      Money walletTotal,
      Map<String, Money> systemBalances,
      List<String> violations,
      Scope scope,
      long entriesRead) {
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
      s.append(scope == Scope.FULL ? "; full check" : "; since the checkpoint, " + entriesRead + " new entries read");
      return s.toString();
    }

    Report withViolations(List<String> more) {
      List<String> all = new ArrayList<>(violations);
      all.addAll(more);
      return new Report(transfers, entries, accounts, walletTotal, systemBalances, List.copyOf(all), scope, entriesRead);
    }
  }

  /** The last full check's outcome, as recorded; and whether the next one is due. */
  public record LastFull(Optional<Instant> at, boolean holds, String summary, List<String> violations, boolean due,
      boolean hasCheckpoint) {}

  /**
   * The full check: every transfer and entry, and every account against its checkpoint. Records
   * its outcome for {@link #latest()} and, when it holds, refreshes every checkpoint. Waits for a
   * check that is moving the checkpoints to finish.
   */
  public Report run() {
    return check(Scope.FULL, true);
  }

  /** The check from the checkpoint on; moves the checkpoint when it holds and no other check is moving it. */
  public Report sinceCheckpoint() {
    return check(Scope.SINCE_CHECKPOINT, false);
  }

  /**
   * What admins and start-up are shown: the check since the checkpoint now, with the violations
   * of the last full check when it failed (they stay until a later full check holds).
   */
  public Report latest() {
    Report now = sinceCheckpoint();
    LastFull full = lastFull(Duration.ofDays(1));
    if (full.at().isEmpty() || full.holds()) {
      return now;
    }
    String when = "the full check of " + full.at().get() + " found: ";
    return now.withViolations(full.violations().stream().map(v -> when + v).toList());
  }

  /** The recorded outcome of the last full check; {@code due} when it is older than {@code every}. */
  public LastFull lastFull(Duration every) {
    return jdbi.withHandle(h -> h.createQuery(LAST_FULL)
        .bind("everySeconds", (double) every.toSeconds())
        .map((rs, ctx) -> new LastFull(
            Optional.ofNullable(rs.getTimestamp("last_full_at")).map(java.sql.Timestamp::toInstant),
            rs.getBoolean("last_full_holds"),
            rs.getString("last_full_summary"),
            List.of((String[]) rs.getArray("last_full_violations").getArray()),
            rs.getBoolean("due"),
            rs.getBoolean("has_checkpoint")))
        .one());
  }

  private Report check(Scope scope, boolean waitForLock) {
    return jdbi.withHandle(h -> {
      boolean mayAdvance = true;
      if (waitForLock) {
        h.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      } else {
        mayAdvance = h.createQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")").mapTo(Boolean.class).one();
      }
      boolean locked = mayAdvance;
      try {
        if (locked) {
          // A first stamp, in a transaction of its own: the snapshot taken next sees most of the
          // transactions it waits for ended, so this very check may move the marks.
          h.execute(FIRST_STAMP);
        }
        return h.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, tx -> check(tx, scope, locked));
      } finally {
        if (locked) {
          unlock(h);
        }
      }
    });
  }

  private static void unlock(Handle h) {
    try {
      h.createQuery("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").mapTo(Boolean.class).one();
    } catch (RuntimeException e) {
      // The pool closes a connection after some errors; its session's lock went with it. The
      // check's own exception is the one worth seeing.
      log.debug("Reconciliation lock released with its connection", e);
    }
  }

  private record Marks(long entriesVerified, long transfersVerified, long transfersCounted, long checkpointedEntries,
      Long nextTransfers, boolean promote) {}

  private static Report check(Handle h, Scope scope, boolean mayAdvance) {
    boolean full = scope == Scope.FULL;
    Marks marks = h.createQuery(STATE)
        .map((rs, ctx) -> new Marks(rs.getLong("entries_verified"), rs.getLong("transfers_verified"),
            rs.getLong("transfers_counted"), rs.getLong("checkpointed_entries"),
            (Long) rs.getObject("next_transfers"), rs.getBoolean("promote")))
        .one();
    long transfersFrom = full ? 0 : marks.transfersVerified();
    List<String> violations = new ArrayList<>();
    long entriesRead;
    h.execute(freshEntries(marks.entriesVerified()));
    // Statistics, so the planner looks the fresh transfers up by index instead of hashing all entries.
    h.execute("ANALYZE recon_fresh");
    if (full) {
      h.execute(ALL_ACCOUNTS);
      h.createQuery(ALL_TRANSFERS_NOT_ZERO).map((rs, ctx) -> notZero(rs.getLong(1), rs.getLong(2))).forEach(violations::add);
      entriesRead = h.createQuery("SELECT coalesce(sum(entries), 0) FROM recon_accounts").mapTo(Long.class).one();
    } else {
      h.execute(CHANGED_ACCOUNTS);
      h.createQuery(FRESH_TRANSFERS_NOT_ZERO).map((rs, ctx) -> notZero(rs.getLong(1), rs.getLong(2))).forEach(violations::add);
      entriesRead = h.createQuery(FRESH_ENTRY_COUNT).mapTo(Long.class).one();
    }
    h.createQuery(TRANSFERS_WITHOUT_ENTRIES).bind("after", transfersFrom)
        .map((rs, ctx) -> "transfer " + rs.getLong(1) + " has no entries").forEach(violations::add);
    h.createQuery(ACCOUNTS_NOT_MATCHING)
        .map((rs, ctx) -> "account " + rs.getString(1) + " balance " + rs.getLong(2) + " but entries sum to "
            + rs.getLong(3) + " and the last balance-after is " + rs.getLong(4))
        .forEach(violations::add);
    h.createQuery(CHECKPOINTS_NOT_MATCHING)
        .map((rs, ctx) -> "account " + rs.getString(1) + ": its " + rs.getLong(5) + " entries up to entry " + rs.getLong(2)
            + " now sum to " + rs.getLong(6) + ", but " + rs.getLong(3) + " entries summing to " + rs.getLong(4)
            + " were verified there: an entry changed after it was verified")
        .forEach(violations::add);
    // Suspense holds exactly the open unapplied receipts: money no receipt explains is lost track of.
    h.createQuery(SUSPENSE)
        .map((rs, ctx) -> rs.getLong(1) == rs.getLong(2) ? ""
            : "suspense holds " + rs.getLong(1) + " but its open receipts sum to " + rs.getLong(2))
        .filter(v -> !v.isEmpty())
        .forEach(violations::add);
    // PPOB in flight holds exactly the sell prices of pending purchases; every succeeded purchase's
    // post booked exactly its sell price out of it (provider cost plus margin).
    h.createQuery(PPOB_IN_FLIGHT)
        .map((rs, ctx) -> rs.getLong(1) == rs.getLong(2) ? ""
            : "PPOB in flight holds " + rs.getLong(1) + " but pending purchases sum to " + rs.getLong(2))
        .filter(v -> !v.isEmpty())
        .forEach(violations::add);
    h.createQuery(PPOB_SETTLED)
        .map((rs, ctx) -> rs.getLong(1) == rs.getLong(2) ? ""
            : "PPOB provider cost and margin sum to " + rs.getLong(1) + " but succeeded purchases sum to " + rs.getLong(2))
        .filter(v -> !v.isEmpty())
        .forEach(violations::add);
    // The inline-held account holds exactly the confirmed, unclaimed inline sends.
    h.createQuery(INLINE_HELD)
        .map((rs, ctx) -> rs.getLong(1) == rs.getLong(2) ? ""
            : "inline held holds " + rs.getLong(1) + " but its held sends sum to " + rs.getLong(2))
        .filter(v -> !v.isEmpty())
        .forEach(violations::add);
    var totals = h.createQuery(ACCOUNT_TOTALS)
        .map((rs, ctx) -> new long[] {rs.getLong("total"), rs.getLong("accounts"), rs.getLong("wallets"), rs.getLong("negative")})
        .one();
    if (totals[3] > 0) {
      // Named only when there are any: finding them is a second pass over the accounts.
      h.createQuery(NEGATIVE_WALLETS).map((rs, ctx) -> "wallet " + rs.getString(1) + " is negative: " + rs.getLong(2))
          .forEach(violations::add);
    }
    if (totals[0] != 0) {
      violations.add("the balances of all accounts sum to " + totals[0] + ", not 0");
    }
    long transfers = full
        ? h.createQuery("SELECT count(*) FROM transfers").mapTo(Long.class).one()
        : marks.transfersCounted() + h.createQuery(TRANSFERS_AFTER).bind("after", transfersFrom).mapTo(Long.class).one();
    long entries = full ? entriesRead : marks.checkpointedEntries() + entriesRead;
    Map<String, Money> system = new LinkedHashMap<>();
    h.createQuery(SYSTEM_BALANCES)
        .map((rs, ctx) -> Map.entry(rs.getString(1), Money.rupiah(rs.getLong(2))))
        .forEach(e -> system.put(e.getKey(), e.getValue()));
    Report report = new Report(transfers, entries, totals[1], Money.rupiah(totals[2]), system, List.copyOf(violations),
        scope, entriesRead);
    if (mayAdvance && report.holds()) {
      advance(h, marks, full ? entries : marks.checkpointedEntries() + entriesRead);
    }
    if (mayAdvance && full) {
      h.createUpdate(RECORD_FULL)
          .bind("holds", report.holds())
          .bind("summary", report.summary())
          .bind("violations", report.violations().toArray(new String[0]))
          .execute();
    }
    return report;
  }

  private static void advance(Handle h, Marks marks, long checkpointedEntries) {
    h.execute(SAVE_CHECKPOINTS);
    long countedToNext = marks.transfersCounted();
    if (marks.promote() && marks.nextTransfers() != null) {
      countedToNext += h.createQuery(TRANSFERS_BETWEEN)
          .bind("after", marks.transfersVerified())
          .bind("upTo", marks.nextTransfers())
          .mapTo(Long.class)
          .one();
    }
    h.createUpdate(ADVANCE)
        .bind("promote", marks.promote())
        .bind("countedToNext", countedToNext)
        .bind("checkpointed", checkpointedEntries)
        .execute();
  }

  private static String notZero(long transfer, long sum) {
    return "transfer " + transfer + " entries sum to " + sum + ", not 0";
  }
}
