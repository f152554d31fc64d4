package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

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

  private static final String CALL =
      "SELECT outcome, transfer_id, created_at, balance, needed, detail"
          + " FROM ledger_post(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Calls {@code ledger_post} on the handle's JDBC connection directly. This is the ledger's hot
   * path: a JFR profile of {@code ledger.uniform} put about three times as much client CPU in
   * Jdbi's argument binding (type resolution per bind) as in pgjdbc itself, on a client that shares
   * the CPU with the database. It runs in the handle's transaction.
   */
  static Outcome post(Handle h, Header t, List<Leg> legs, Long cappedUser, long cap) {
    Connection c = h.getConnection();
    try (PreparedStatement st = c.prepareStatement(CALL)) {
      int i = 1;
      st.setString(i++, t.idempotencyKey());
      st.setString(i++, t.digest());
      st.setString(i++, t.kind().dbName());
      st.setLong(i++, t.amount().rupiah());
      st.setLong(i++, t.fee().rupiah());
      setLong(st, i++, t.fromUserId());
      setLong(st, i++, t.toUserId());
      st.setString(i++, t.reference());
      st.setString(i++, t.note());
      setLong(st, i++, t.pendingId());
      st.setArray(i++, c.createArrayOf("int8", legs.stream().map(Leg::accountId).toArray()));
      st.setArray(i++, c.createArrayOf("int8", legs.stream().map(Leg::userId).toArray()));
      st.setArray(i++, c.createArrayOf("int8", legs.stream().map(Leg::delta).toArray()));
      setLong(st, i++, cappedUser);
      st.setLong(i++, cap);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("ledger_post returned no row");
        }
        return outcome(rs, 1);
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  private static final String P2P_BATCH_CALL =
      "SELECT ord, outcome, transfer_id, created_at, balance, needed, detail"
          + " FROM p2p_send_batch(?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * P2P transfers in one statement ({@code p2p_send_batch}), each with the recipient's
   * notification and, when {@code dailyLimit} is not null, the sender's daily money-out limit:
   * element i of the answer is transfer i's outcome, as if transfers 0…i-1 had run before it.
   */
  static List<Outcome> p2pBatch(Handle h, List<Header> ts, long cap, Long dailyLimit) {
    Connection c = h.getConnection();
    try (PreparedStatement st = c.prepareStatement(P2P_BATCH_CALL)) {
      st.setArray(1, c.createArrayOf("text", ts.stream().map(Header::idempotencyKey).toArray()));
      st.setArray(2, c.createArrayOf("text", ts.stream().map(Header::digest).toArray()));
      st.setArray(3, c.createArrayOf("int8", ts.stream().map(Header::fromUserId).toArray()));
      st.setArray(4, c.createArrayOf("int8", ts.stream().map(Header::toUserId).toArray()));
      st.setArray(5, c.createArrayOf("int8", ts.stream().map(t -> t.amount().rupiah()).toArray()));
      st.setArray(6, c.createArrayOf("text", ts.stream().map(Header::note).toArray()));
      st.setLong(7, cap);
      setLong(st, 8, dailyLimit);
      Outcome[] out = new Outcome[ts.size()];
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out[rs.getInt(1) - 1] = outcome(rs, 2);
        }
      }
      for (int i = 0; i < out.length; i++) {
        if (out[i] == null) {
          throw new IllegalStateException("p2p_send_batch gave no outcome for transfer " + (i + 1));
        }
      }
      return List.of(out);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Reads (outcome, transfer_id, created_at, balance, needed, detail) starting at column {@code first}. */
  private static Outcome outcome(ResultSet rs, int first) throws SQLException {
    return new Outcome(
        rs.getString(first),
        (Long) rs.getObject(first + 1),
        rs.getTimestamp(first + 2) == null ? null : rs.getTimestamp(first + 2).toInstant(),
        (Long) rs.getObject(first + 3),
        (Long) rs.getObject(first + 4),
        rs.getString(first + 5));
  }

  private static void setLong(PreparedStatement st, int index, Long value) throws SQLException {
    if (value == null) {
      st.setNull(index, Types.BIGINT);
    } else {
      st.setLong(index, value);
    }
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
