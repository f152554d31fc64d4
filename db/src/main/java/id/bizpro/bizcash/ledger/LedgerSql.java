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

  /**
   * The transfer row a call writes, built by one factory per transfer kind so that no caller lines
   * up ten nullable columns by position. Users and reference are those the kind records.
   */
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
    static Header topUpCredit(TransferRequest.TopUpCredit r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.TOPUP_CREDIT, r.credited(), r.fee(),
          null, r.userId(), r.reference(), null, null);
    }

    static Header p2p(TransferRequest.P2p r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.P2P, r.amount(), Money.ZERO,
          r.fromUserId(), r.toUserId(), null, r.note().orElse(null), null);
    }

    static Header withdrawalHold(TransferRequest.WithdrawalHold r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.WITHDRAWAL_HOLD, r.amount(), r.fee(),
          r.userId(), null, r.reference(), null, null);
    }

    /** Paid: the money leaves the user (from), to payouts settled and fee revenue. */
    static Header withdrawalPost(String key, String digest, Transfer hold, long userId) {
      return new Header(key, digest, TransferKind.WITHDRAWAL_POST, hold.amount(), hold.fee(),
          userId, null, hold.reference().orElse(null), null, hold.id());
    }

    /** Failed: amount and fee go back to the user (to). */
    static Header withdrawalVoid(String key, String digest, Transfer hold, long userId) {
      return new Header(key, digest, TransferKind.WITHDRAWAL_VOID, hold.amount(), hold.fee(),
          null, userId, hold.reference().orElse(null), null, hold.id());
    }

    static Header suspenseReceipt(TransferRequest.SuspenseReceipt r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.SUSPENSE_RECEIPT, r.amount(), Money.ZERO,
          null, r.userId().orElse(null), r.reference(), null, null);
    }

    static Header suspenseCredit(TransferRequest.SuspenseCredit r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.SUSPENSE_CREDIT, r.amount(), Money.ZERO,
          null, r.userId(), r.reference(), null, null);
    }

    /** A refund (to payouts settled) or a reversal (back to its source): no user on either side. */
    static Header suspenseRelease(TransferRequest.SuspenseRelease r) {
      return new Header(r.idempotencyKey(), r.digest(),
          r.refunded() ? TransferKind.SUSPENSE_REFUND : TransferKind.SUSPENSE_REVERSAL, r.amount(), Money.ZERO,
          null, null, r.reference(), null, null);
    }

    static Header topUpReversal(TransferRequest.TopUpReversal r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.TOPUP_REVERSAL, r.fromWallet().plus(r.fee()),
          r.fee(), r.userId(), null, r.reference(), null, null);
    }

    static Header ppobHold(TransferRequest.PpobHold r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.PPOB_HOLD, r.price(), Money.ZERO,
          r.userId(), null, r.reference(), null, null);
    }

    /** Succeeded: the money leaves the user (from); fee carries the margin when positive. */
    static Header ppobPost(String key, String digest, Transfer hold, long userId) {
      return new Header(key, digest, TransferKind.PPOB_POST, hold.amount(), Money.ZERO,
          userId, null, hold.reference().orElse(null), null, hold.id());
    }

    /** Failed: the price goes back to the user (to). */
    static Header ppobVoid(String key, String digest, Transfer hold, long userId) {
      return new Header(key, digest, TransferKind.PPOB_VOID, hold.amount(), Money.ZERO,
          null, userId, hold.reference().orElse(null), null, hold.id());
    }

    static Header inlineHold(TransferRequest.InlineHold r) {
      return new Header(r.idempotencyKey(), r.digest(), TransferKind.INLINE_HOLD, r.amount(), Money.ZERO,
          r.userId(), null, r.reference(), r.note().orElse(null), null);
    }

    /** Claimed: from the sender (who held it) to the claimer, resolving the hold. */
    static Header inlineClaim(String key, String digest, Transfer hold, long claimerId) {
      return new Header(key, digest, TransferKind.INLINE_CLAIM, hold.amount(), Money.ZERO,
          hold.fromUserId().orElse(null), claimerId, hold.reference().orElse(null), hold.note().orElse(null), hold.id());
    }

    /** Returned: back to the sender, resolving the hold. */
    static Header inlineReturn(String key, String digest, Transfer hold) {
      return new Header(key, digest, TransferKind.INLINE_RETURN, hold.amount(), Money.ZERO,
          null, hold.fromUserId().orElse(null), hold.reference().orElse(null), hold.note().orElse(null), hold.id());
    }

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

  /**
   * What {@code ledger_post} or {@code p2p_send_batch} answered for one transfer. The functions
   * return one row shape (outcome, transfer_id, created_at, balance, needed, detail) whose columns
   * mean different things per outcome; this is that row read once, each case with fields named for
   * what they carry.
   */
  sealed interface Outcome {
    /** Written now. */
    record Posted(long transferId, java.time.Instant createdAt) implements Outcome {}

    /** The key was used before: by this same request, by another one, or the hold is resolved. */
    record Recorded(Existing how, long transferId) implements Outcome {}

    /** A wallet would go below zero. */
    record Insufficient(long balance, long needed) implements Outcome {}

    /** The recipient's wallet would pass the balance cap. */
    record OverBalanceCap(long cap, long balanceAfter) implements Outcome {}

    /** The sender's money out today plus this transfer would pass the daily limit. */
    record OverDailyLimit(long limit, long outToday) implements Outcome {}

    /** A party (wallet or user) does not exist. */
    record Missing(String what) implements Outcome {}

    /** Sender and recipient of a P2P transfer are one wallet. */
    record SameWallet() implements Outcome {}
  }

  /** The three answers that point at an earlier transfer under the same key (or the hold). */
  enum Existing { ALREADY_DONE, CONFLICT, NOT_PENDING }

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
    String outcome = rs.getString(first);
    Long transferId = (Long) rs.getObject(first + 1);
    Long balance = (Long) rs.getObject(first + 3);
    Long needed = (Long) rs.getObject(first + 4);
    return switch (outcome) {
      case "done" -> new Outcome.Posted(transferId, rs.getTimestamp(first + 2).toInstant());
      case "already_done" -> new Outcome.Recorded(Existing.ALREADY_DONE, transferId);
      case "conflict" -> new Outcome.Recorded(Existing.CONFLICT, transferId);
      case "not_pending" -> new Outcome.Recorded(Existing.NOT_PENDING, transferId);
      case "insufficient" -> new Outcome.Insufficient(balance, needed);
      // The functions put the cap in "needed" and the balance the credit would leave in "balance".
      case "limit" -> new Outcome.OverBalanceCap(needed, balance);
      // … and for the daily limit, the limit in "needed" and what went out today in "balance".
      case "daily_limit" -> new Outcome.OverDailyLimit(needed, balance);
      case "not_found" -> new Outcome.Missing(rs.getString(first + 5));
      case "same_account" -> new Outcome.SameWallet();
      default -> throw new IllegalStateException("the ledger answered " + outcome);
    };
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
