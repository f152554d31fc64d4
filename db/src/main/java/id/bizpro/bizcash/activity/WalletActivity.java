package id.bizpro.bizcash.activity;

import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.user.DisplayNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * A user's wallet history from the ledger: pages for the chat, and period summaries with streamed
 * rows for statements (a server-side cursor, so 100,000 entries never sit in memory). Periods are
 * whole days in WIB. Thread-safe.
 */
public final class WalletActivity {
  public static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

  private static final String SELECT =
      """
      SELECT e.id, e.created_at, e.amount, e.balance_after, t.kind,
             -- A paid payment link's credit carries the link's note and who paid it (issue #18).
             coalesce(t.note, pl.note) AS note, pl.payer_name, t.fee,
             -- A transfer's reference is the one its receipt showed: P2P-<transfer id>.
             coalesce(t.reference, CASE WHEN t.kind = 'p2p' THEN 'P2P-' || t.id END) AS reference,
             cp.id AS cp_id, cp.username AS cp_username, cp.first_name AS cp_first_name, cp.last_name AS cp_last_name,
             w.bank_name, w.account_number, w.status AS withdrawal_status,
             o.amount AS order_amount, o.unique_code,
             pp.product_name AS ppob_product, pp.customer_no AS ppob_customer, pp.sn AS ppob_sn, pp.category AS ppob_category
      FROM entries e
      JOIN transfers t ON t.id = e.transfer_id
      LEFT JOIN users cp ON t.kind IN ('p2p', 'inline_claim')
                        AND cp.id = CASE WHEN e.amount < 0 THEN t.to_user_id ELSE t.from_user_id END
      LEFT JOIN withdrawals w ON t.kind LIKE 'withdrawal%'
                             AND w.hold_transfer_id = coalesce(t.pending_id, t.id)
      LEFT JOIN topup_orders o ON t.kind = 'topup_credit' AND o.reference = t.reference
      LEFT JOIN ppob_purchases pp ON t.kind LIKE 'ppob%'
                                 AND pp.hold_transfer_id = coalesce(t.pending_id, t.id)
      -- A payment link's order is a topup_orders row too (kind 'paylink', reference INV-…).
      LEFT JOIN payment_links pl ON pl.order_id = o.id
      """;

  private final Jdbi jdbi;

  public WalletActivity(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A page of history, newest first. */
  public record Page(List<ActivityEntry> entries, boolean hasOlder, boolean hasNewer) {}

  /**
   * Entries older than {@code beforeEntryId} (or the newest when empty), newest first. {@code
   * hasNewer} is true when {@code beforeEntryId} was given and entries newer than this page exist.
   */
  public Page page(long userId, Optional<Long> beforeEntryId, int size) {
    return jdbi.withHandle(h -> {
      List<ActivityEntry> rows =
          h.createQuery(SELECT + " WHERE e.account_id = (SELECT id FROM accounts WHERE user_id = :u AND kind = 'user_available')"
                  + " AND e.id < :before ORDER BY e.id DESC LIMIT :n")
              .bind("u", userId)
              .bind("before", beforeEntryId.orElse(Long.MAX_VALUE))
              .bind("n", size + 1)
              .map((rs, ctx) -> map(rs))
              .list();
      boolean older = rows.size() > size;
      List<ActivityEntry> page = older ? rows.subList(0, size) : rows;
      boolean newer = beforeEntryId.isPresent() && !page.isEmpty()
          && h.createQuery("SELECT EXISTS (SELECT 1 FROM entries WHERE account_id = "
                  + "(SELECT id FROM accounts WHERE user_id = :u AND kind = 'user_available') AND id > :first)")
              .bind("u", userId)
              .bind("first", page.get(0).entryId())
              .mapTo(Boolean.class)
              .one();
      return new Page(List.copyOf(page), older, newer);
    });
  }

  /**
   * Opening, in, out and closing for a period; opening + in − out = closing. In and out count the
   * lines as {@link ActivityEntry#parts()} shows them: a top-up's fee is in (paid with it) and out
   * (taken as the fee); {@code entries} counts ledger entries.
   */
  public record Summary(LocalDate from, LocalDate to, Money opening, Money totalIn, Money totalOut, Money closing, long entries) {}

  /** Streams a period's entries, oldest first; may be called once, inside {@link Reader#read}. */
  @FunctionalInterface
  public interface Rows {
    void forEach(Consumer<? super ActivityEntry> sink);
  }

  /** Consumes a statement: the summary first, then the rows (for a file header before its table). */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Summary summary, Rows rows) throws Exception;
  }

  /**
   * Computes the period's summary and hands it with a row stream to {@code reader}, all inside one
   * REPEATABLE READ snapshot, so the rows always add up to the summary.
   */
  public <T> T statement(long userId, LocalDate from, LocalDate to, Reader<T> reader) {
    Instant start = from.atStartOfDay(WIB).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(WIB).toInstant();
    return jdbi.inTransaction(org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ, h -> {
      long wallet = h.createQuery("SELECT id FROM accounts WHERE user_id = :u AND kind = 'user_available'")
          .bind("u", userId).mapTo(Long.class).one();
      long opening = h.createQuery(
              "SELECT coalesce((SELECT balance_after FROM entries WHERE account_id = :a AND created_at < :s ORDER BY id DESC LIMIT 1), 0)")
          .bind("a", wallet).bind("s", start).mapTo(Long.class).one();
      long[] totals = h.createQuery(
              """
              SELECT coalesce(sum(e.amount) FILTER (WHERE e.amount > 0), 0) + coalesce(sum(t.fee) FILTER (WHERE t.kind = 'topup_credit'), 0),
                     coalesce(-sum(e.amount) FILTER (WHERE e.amount < 0), 0) + coalesce(sum(t.fee) FILTER (WHERE t.kind = 'topup_credit'), 0),
                     count(*)
              FROM entries e JOIN transfers t ON t.id = e.transfer_id
              WHERE e.account_id = :a AND e.created_at >= :s AND e.created_at < :e
              """)
          .bind("a", wallet).bind("s", start).bind("e", end)
          .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
          .one();
      Summary summary = new Summary(from, to, Money.rupiah(opening), Money.rupiah(totals[0]), Money.rupiah(totals[1]),
          Money.rupiah(opening + totals[0] - totals[1]), totals[2]);
      Rows rows = sink -> h.createQuery(SELECT + " WHERE e.account_id = :a AND e.created_at >= :s AND e.created_at < :e ORDER BY e.id")
          .bind("a", wallet).bind("s", start).bind("e", end)
          .setFetchSize(1000)
          .map((rs, ctx) -> map(rs))
          .useStream(stream -> stream.forEach(sink));
      try {
        return reader.read(summary, rows);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("statement reader failed", e);
      }
    });
  }

  /**
   * The other user of a transfer as {@link DisplayNames} shows them; empty when there is none, or
   * when nothing visible is left of their name (the reader shows its placeholder).
   */
  private static Optional<String> counterparty(ResultSet rs) throws SQLException {
    rs.getLong("cp_id");
    if (rs.wasNull()) {
      // A payment link's payer as the provider named them, cleaned as names are.
      return Optional.ofNullable(rs.getString("payer_name")).flatMap(DisplayNames::ofShown);
    }
    return DisplayNames.of(Optional.ofNullable(rs.getString("cp_username")), rs.getString("cp_first_name"),
        Optional.ofNullable(rs.getString("cp_last_name")));
  }

  private static String ppobDestination(String customerNo) {
    return id.bizpro.bizcash.ppob.Operators.normalise(customerNo).isPresent()
        ? id.bizpro.bizcash.ppob.Operators.mask(customerNo) : customerNo;
  }

  static ActivityEntry map(ResultSet rs) throws SQLException {
    String bankName = rs.getString("bank_name");
    String ppobProduct = rs.getString("ppob_product");
    boolean pln = "PLN".equals(rs.getString("ppob_category"));
    // For a PPOB purchase, "bank" carries what was bought and for whom: the product, the
    // destination (a phone number masked: statements are shared) and the SN or token once known.
    Optional<String> bank = bankName != null
        ? Optional.of(bankName + " " + BankAccount.mask(rs.getString("account_number")))
        : ppobProduct == null
            ? Optional.empty()
            : Optional.of(ppobProduct + " → " + ppobDestination(rs.getString("ppob_customer"))
                + Optional.ofNullable(rs.getString("ppob_sn")).filter(sn -> !sn.isBlank()).map(sn -> (pln ? id.bizpro.bizcash.ppob.PlnToken.parse(sn)
                    : Optional.<id.bizpro.bizcash.ppob.PlnToken>empty()).map(tk -> " · Token " + tk.grouped()).orElse(" · SN " + sn))
                .orElse(""));
    return new ActivityEntry(
        rs.getLong("id"),
        rs.getTimestamp("created_at").toInstant(),
        TransferKind.fromDb(rs.getString("kind")),
        Money.rupiah(rs.getLong("amount")),
        Money.rupiah(rs.getLong("balance_after")),
        Optional.ofNullable(rs.getString("reference")),
        Optional.ofNullable(rs.getString("note")).filter(n -> !n.isBlank()),
        counterparty(rs),
        bank,
        Money.rupiah(rs.getLong("fee")),
        Money.rupiah(rs.getLong("order_amount")),
        Money.rupiah(rs.getLong("unique_code")),
        Optional.ofNullable(rs.getString("withdrawal_status")));
  }
}
