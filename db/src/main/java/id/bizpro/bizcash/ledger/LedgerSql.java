package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The ledger's SQL, kept apart from its rules. Stateless; every method runs on the caller's handle. */
final class LedgerSql {
  private LedgerSql() {}

  record Header(
      String idempotencyKey,
      String digest,
      TransferKind kind,
      Money amount,
      Money fee,
      Long fromUserId,
      Long toUserId,
      String reference,
      String note,
      Long pendingId) {}

  record LockedAccount(long id, boolean isWallet, long balance) {}

  record Keyed(Transfer transfer, String digest) {}

  static final String TRANSFER_COLUMNS =
      "id, idempotency_key, request_hash, kind, amount, fee, from_user_id, to_user_id, reference, note, pending_id, created_at";

  static Optional<Long> walletOf(Handle h, long userId) {
    return h.createQuery("SELECT id FROM accounts WHERE user_id = :u AND kind = 'user_available'")
        .bind("u", userId)
        .mapTo(Long.class)
        .findOne();
  }

  static Map<Long, Long> walletsOf(Handle h, List<Long> userIds) {
    Map<Long, Long> out = new HashMap<>();
    h.createQuery("SELECT user_id, id FROM accounts WHERE user_id = ANY(:u) AND kind = 'user_available'")
        .bindArray("u", Long.class, userIds)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Locks the rows in ascending id order: the sort runs below the row-locking step, so every
   * transaction acquires its locks in the same global order and none can wait in a cycle.
   */
  static Map<Long, LockedAccount> lockInIdOrder(Handle h, Collection<Long> accountIds) {
    Map<Long, LockedAccount> out = new LinkedHashMap<>();
    h.createQuery("SELECT id, kind, balance FROM accounts WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
        .bindArray("ids", Long.class, accountIds)
        .map((rs, ctx) -> new LockedAccount(rs.getLong(1), "user_available".equals(rs.getString(2)), rs.getLong(3)))
        .forEach(a -> out.put(a.id(), a));
    return out;
  }

  static Optional<Keyed> transferByKey(Handle h, String key) {
    return h.createQuery("SELECT " + TRANSFER_COLUMNS + " FROM transfers WHERE idempotency_key = :k")
        .bind("k", key)
        .map((rs, ctx) -> new Keyed(mapTransfer(rs), rs.getString("request_hash")))
        .findOne();
  }

  static Optional<Transfer> transferById(Handle h, long id) {
    return h.createQuery("SELECT " + TRANSFER_COLUMNS + " FROM transfers WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> mapTransfer(rs))
        .findOne();
  }

  static Optional<Transfer> resolutionOf(Handle h, long holdId) {
    return h.createQuery("SELECT " + TRANSFER_COLUMNS + " FROM transfers WHERE pending_id = :id")
        .bind("id", holdId)
        .map((rs, ctx) -> mapTransfer(rs))
        .findOne();
  }

  /** Inserts the header; empty when a concurrent transaction committed the same key first. */
  static Optional<Transfer> insertTransfer(Handle h, Header t) {
    return h.createQuery(
            """
            INSERT INTO transfers (idempotency_key, request_hash, kind, amount, fee, from_user_id,
                                   to_user_id, reference, note, pending_id)
            VALUES (:key, :digest, :kind, :amount, :fee, :from, :to, :reference, :note, :pending)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING """
                + " "
                + TRANSFER_COLUMNS)
        .bind("key", t.idempotencyKey())
        .bind("digest", t.digest())
        .bind("kind", t.kind().dbName())
        .bind("amount", t.amount().rupiah())
        .bind("fee", t.fee().rupiah())
        .bind("from", t.fromUserId())
        .bind("to", t.toUserId())
        .bind("reference", t.reference())
        .bind("note", t.note())
        .bind("pending", t.pendingId())
        .map((rs, ctx) -> mapTransfer(rs))
        .findOne();
  }

  /** Writes all entries and the new balances in two statements, whatever the number of legs. */
  static void applyEntries(Handle h, long transferId, List<Long> accountIds, List<Long> amounts, List<Long> balances) {
    h.createUpdate(
            """
            UPDATE accounts a SET balance = v.balance
            FROM unnest(:ids::bigint[], :balances::bigint[]) AS v (id, balance)
            WHERE a.id = v.id
            """)
        .bindArray("ids", Long.class, accountIds)
        .bindArray("balances", Long.class, balances)
        .execute();
    h.createUpdate(
            """
            INSERT INTO entries (transfer_id, account_id, amount, balance_after)
            SELECT :transfer, v.account_id, v.amount, v.balance_after
            FROM unnest(:ids::bigint[], :amounts::bigint[], :balances::bigint[]) AS v (account_id, amount, balance_after)
            """)
        .bind("transfer", transferId)
        .bindArray("ids", Long.class, accountIds)
        .bindArray("amounts", Long.class, amounts)
        .bindArray("balances", Long.class, balances)
        .execute();
  }

  static Transfer mapTransfer(ResultSet rs) throws SQLException {
    return new Transfer(
        rs.getLong("id"),
        rs.getString("idempotency_key"),
        TransferKind.fromDb(rs.getString("kind")),
        Money.rupiah(rs.getLong("amount")),
        Money.rupiah(rs.getLong("fee")),
        optionalLong(rs, "from_user_id"),
        optionalLong(rs, "to_user_id"),
        Optional.ofNullable(rs.getString("reference")),
        Optional.ofNullable(rs.getString("note")),
        optionalLong(rs, "pending_id"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }
}
