package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
      Long pendingId) {
    Transfer toTransfer(long id, java.time.Instant createdAt) {
      return new Transfer(id, idempotencyKey, kind, amount, fee, Optional.ofNullable(fromUserId),
          Optional.ofNullable(toUserId), Optional.ofNullable(reference), Optional.ofNullable(note),
          Optional.ofNullable(pendingId), createdAt);
    }
  }

  /** One entry to write: a system account by id, or a user's wallet by user id. */
  record Leg(Long accountId, Long userId, long delta) {
    static Leg system(long accountId, long delta) {
      return new Leg(accountId, null, delta);
    }

    static Leg wallet(long userId, long delta) {
      return new Leg(null, userId, delta);
    }
  }

  record Outcome(String outcome, Long transferId, java.time.Instant createdAt, Long balance, Long needed, String detail) {}

  static Outcome post(Handle h, Header t, List<Leg> legs, Long cappedUser, long cap) {
    return h.createQuery(
            """
            SELECT outcome, transfer_id, created_at, balance, needed, detail
            FROM ledger_post(:key, :digest, :kind, :amount, :fee, :from, :to, :reference, :note, :pending,
                             :accounts, :users, :deltas, :capped, :cap)
            """)
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
        .bindArray("accounts", Long.class, legs.stream().map(Leg::accountId).toList())
        .bindArray("users", Long.class, legs.stream().map(Leg::userId).toList())
        .bindArray("deltas", Long.class, legs.stream().map(Leg::delta).toList())
        .bind("capped", cappedUser)
        .bind("cap", cap)
        .map((rs, ctx) -> new Outcome(
            rs.getString(1),
            (Long) rs.getObject(2),
            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
            (Long) rs.getObject(4),
            (Long) rs.getObject(5),
            rs.getString(6)))
        .one();
  }

  record Keyed(Transfer transfer, String digest) {}

  static final String TRANSFER_COLUMNS =
      "id, idempotency_key, request_hash, kind, amount, fee, from_user_id, to_user_id, reference, note, pending_id, created_at";

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
