package id.bizpro.bizcash.ledger;

import id.bizpro.bizcash.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
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
      "SELECT * FROM ledger_post(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Calls {@code ledger_post} (and the caller's same-statement follow-up) on the handle's JDBC
   * connection directly. This is the ledger's hot path: a JFR profile of {@code ledger.uniform} put
   * about three times as much client CPU in Jdbi's argument binding (type resolution per bind) as
   * in pgjdbc itself, on a client that shares the CPU with the database. The statement, its
   * parameters and the result are the same as through Jdbi; it runs in the handle's transaction.
   */
  static Outcome post(Handle h, Header t, List<Leg> legs, Long cappedUser, long cap, Ledger.OnDone onDone) {
    List<String> onDoneNames = new ArrayList<>();
    String sql = onDone == null
        ? CALL
        : "WITH r AS MATERIALIZED (" + CALL + "), on_done AS (" + positional(onDone.sql(), onDoneNames) + ")\n"
            + "SELECT outcome, transfer_id, created_at, balance, needed, detail FROM r";
    Connection c = h.getConnection();
    try (PreparedStatement st = c.prepareStatement(sql)) {
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
      for (String name : onDoneNames) {
        if (!onDone.binds().containsKey(name)) {
          throw new IllegalArgumentException("no value for :" + name + " in the ledger follow-up");
        }
        st.setObject(i++, onDone.binds().get(name));
      }
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("ledger_post returned no row");
        }
        return new Outcome(
            rs.getString(1),
            (Long) rs.getObject(2),
            rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
            (Long) rs.getObject(4),
            (Long) rs.getObject(5),
            rs.getString(6));
      }
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  private static void setLong(PreparedStatement st, int index, Long value) throws SQLException {
    if (value == null) {
      st.setNull(index, Types.BIGINT);
    } else {
      st.setLong(index, value);
    }
  }

  /**
   * Replaces each {@code :name} in {@code sql} by {@code ?} and appends the names in order. Quoted
   * literals and {@code ::type} casts are left alone.
   */
  static String positional(String sql, List<String> names) {
    StringBuilder out = new StringBuilder(sql.length());
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char ch = sql.charAt(i);
      if (ch == '\'') {
        quoted = !quoted;
      } else if (!quoted && ch == ':' && i + 1 < sql.length()) {
        char next = sql.charAt(i + 1);
        if (next == ':') {
          out.append("::");
          i++;
          continue;
        }
        if (Character.isLetter(next) || next == '_') {
          int end = i + 1;
          while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
          }
          names.add(sql.substring(i + 1, end));
          out.append('?');
          i = end - 1;
          continue;
        }
      }
      out.append(ch);
    }
    return out.toString();
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
