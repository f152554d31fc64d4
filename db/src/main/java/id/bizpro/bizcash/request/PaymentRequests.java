package id.bizpro.bizcash.request;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Payment requests (/tagih, issue #18): one user asks another for an amount with a note. A request
 * is OPEN until it is PAID (by exactly one P2P transfer, recorded on the row under its lock),
 * DECLINED by the payer, CANCELLED by the requester or EXPIRED. Every change happens under the row
 * lock in the caller's transaction and is told to the other party through the outbox, so a request
 * is paid at most once whatever is pressed twice, late or by someone else. Thread-safe.
 */
public final class PaymentRequests {
  public static final String PREFIX = "REQ";
  public static final int NOTE_MAX = 100;
  private static final String COLUMNS =
      "id, reference, requester_id, payer_id, amount, note, status, expires_at, created_at, closed_at, transfer_id";

  public enum Status { OPEN, PAID, DECLINED, CANCELLED, EXPIRED }

  /** One request. Immutable. */
  public record PaymentRequest(long id, String reference, long requesterId, long payerId, Money amount, String note,
      Status status, Instant expiresAt, Instant createdAt, Optional<Instant> closedAt, Optional<Long> transferId) {
    public boolean isOpen() {
      return status == Status.OPEN;
    }
  }

  private final Jdbi jdbi;
  private final Users users;
  private final Clock clock;
  private final Duration ttl;
  private final References references = new References();

  public PaymentRequests(Jdbi jdbi, Users users, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.users = users;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Creates an open request in the caller's transaction and queues it, with its buttons, to the payer. */
  public PaymentRequest create(Handle h, long requesterId, long payerId, Money amount, String note, Instant now) {
    if (requesterId == payerId) {
      throw new IllegalArgumentException("a request names two users");
    }
    PaymentRequest r = null;
    for (int attempt = 0; r == null && attempt < 5; attempt++) {
      r = h.createQuery("INSERT INTO payment_requests (reference, requester_id, payer_id, amount, note, expires_at, created_at)"
              + " VALUES (:ref, :r, :p, :a, :n, :e, :now) ON CONFLICT (reference) DO NOTHING RETURNING " + COLUMNS)
          .bind("ref", references.next(PREFIX))
          .bind("r", requesterId)
          .bind("p", payerId)
          .bind("a", amount.rupiah())
          .bind("n", note)
          .bind("e", now.plus(ttl))
          .bind("now", now)
          .map((rs, ctx) -> map(rs))
          .findOne()
          .orElse(null);
    }
    if (r == null) {
      throw new IllegalStateException("no free request reference");
    }
    Map<String, Object> p = params(h, r, requesterId, "from");
    p.put("request_id", r.id());
    p.put("expires_at", r.expiresAt().toString());
    Outbox.enqueueForUser(h, payerId, Outbox.Kind.REQUEST_RECEIVED, p, "request-received:" + r.reference());
    return r;
  }

  /** The request, its row locked until the caller's transaction ends. */
  public Optional<PaymentRequest> lock(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM payment_requests WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<PaymentRequest> byId(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM payment_requests WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  /**
   * Records that the locked open request {@code r} was paid by {@code transferId} and tells the
   * requester. The caller holds the row lock ({@link #lock}) and made the transfer in the same
   * transaction.
   */
  public PaymentRequest markPaid(Handle h, PaymentRequest r, long transferId, Instant now) {
    PaymentRequest paid = close(h, r, Status.PAID, Optional.of(transferId), now);
    Outbox.enqueueForUser(h, r.requesterId(), Outbox.Kind.REQUEST_PAID, params(h, r, r.payerId(), "payer"),
        "request-paid:" + r.reference());
    return paid;
  }

  /**
   * Closes the locked open request {@code r} as expired when its time has passed (told to the
   * requester); returns whether it had.
   */
  public boolean expireIfDue(Handle h, PaymentRequest r, Instant now) {
    if (!r.isOpen() || r.expiresAt().isAfter(now)) {
      return false;
    }
    close(h, r, Status.EXPIRED, Optional.empty(), now);
    Outbox.enqueueForUser(h, r.requesterId(), Outbox.Kind.REQUEST_EXPIRED, params(h, r, r.payerId(), "payer"),
        "request-expired:" + r.reference());
    return true;
  }

  /** The outcome of paying a request. */
  public sealed interface PayResult {
    /** Paid now by {@code transfer} (the requester told). */
    record Paid(PaymentRequest request, id.bizpro.bizcash.ledger.Transfer transfer) implements PayResult {}

    /** No such request, or not this user's to pay (we do not say which). */
    record NotYours() implements PayResult {}

    /** Not open any more (paid, declined, cancelled or expired — now or before). */
    record Closed(PaymentRequest request) implements PayResult {}

    /** The transfer was refused (balance, limits); the request stays open. */
    record Refused(PaymentRequest request, id.bizpro.bizcash.ledger.LedgerResult result) implements PayResult {}
  }

  /**
   * Pays the request {@code id} as {@code payerId} in the caller's transaction: under the request's
   * row lock, only while it is open and not past its expiry, with one P2P transfer (payer →
   * requester, the request's note) keyed by {@code idempotencyKey}, recorded on the request in the
   * same transaction. However many callers race, at most one transfer pays a request.
   */
  public PayResult pay(Handle h, long id, long payerId, String idempotencyKey, id.bizpro.bizcash.transfer.P2pTransfers p2p,
      Instant now) {
    Optional<PaymentRequest> found = lock(h, id);
    if (found.isEmpty() || found.get().payerId() != payerId) {
      return new PayResult.NotYours();
    }
    PaymentRequest r = found.get();
    if (expireIfDue(h, r, now)) {
      return new PayResult.Closed(lock(h, id).orElseThrow());
    }
    if (!r.isOpen()) {
      return new PayResult.Closed(r);
    }
    id.bizpro.bizcash.ledger.LedgerResult result = p2p.send(h, idempotencyKey, payerId, r.requesterId(), r.amount(),
        Optional.of(r.note()).filter(n -> !n.isBlank()));
    return switch (result) {
      case id.bizpro.bizcash.ledger.LedgerResult.Done d -> new PayResult.Paid(markPaid(h, r, d.transfer().id(), now), d.transfer());
      case id.bizpro.bizcash.ledger.LedgerResult.AlreadyDone d ->
          new PayResult.Paid(markPaid(h, r, d.transfer().id(), now), d.transfer());
      default -> new PayResult.Refused(r, result);
    };
  }

  /** The outcome of a decline or cancel. */
  public sealed interface CloseResult {
    record Closed(PaymentRequest request) implements CloseResult {}

    /** No such request, or not this user's to close (we do not say which). */
    record NotFound() implements CloseResult {}

    record NotOpen(PaymentRequest request) implements CloseResult {}
  }

  /** The payer declines; the requester is told. */
  public CloseResult decline(Handle h, long payerId, long id, Instant now) {
    Optional<PaymentRequest> r = lock(h, id);
    if (r.isEmpty() || r.get().payerId() != payerId) {
      return new CloseResult.NotFound();
    }
    if (expireIfDue(h, r.get(), now) || !r.get().isOpen()) {
      return new CloseResult.NotOpen(lock(h, id).orElseThrow());
    }
    PaymentRequest closed = close(h, r.get(), Status.DECLINED, Optional.empty(), now);
    Outbox.enqueueForUser(h, closed.requesterId(), Outbox.Kind.REQUEST_DECLINED, params(h, closed, payerId, "payer"),
        "request-declined:" + closed.reference());
    return new CloseResult.Closed(closed);
  }

  /** The requester cancels; the payer is told. */
  public CloseResult cancel(Handle h, long requesterId, long id, Instant now) {
    Optional<PaymentRequest> r = lock(h, id);
    if (r.isEmpty() || r.get().requesterId() != requesterId) {
      return new CloseResult.NotFound();
    }
    if (expireIfDue(h, r.get(), now) || !r.get().isOpen()) {
      return new CloseResult.NotOpen(lock(h, id).orElseThrow());
    }
    PaymentRequest closed = close(h, r.get(), Status.CANCELLED, Optional.empty(), now);
    Outbox.enqueueForUser(h, closed.payerId(), Outbox.Kind.REQUEST_CANCELLED, params(h, closed, requesterId, "from"),
        "request-cancelled:" + closed.reference());
    return new CloseResult.Closed(closed);
  }

  /** Expires up to {@code limit} open requests past their time (the jobs thread); returns how many. */
  public int expireDue(int limit) {
    return jdbi.inTransaction(h -> {
      Instant now = clock.instant();
      List<PaymentRequest> due = h.createQuery("SELECT " + COLUMNS + " FROM payment_requests WHERE status = 'open'"
              + " AND expires_at <= :now ORDER BY expires_at LIMIT :n FOR UPDATE SKIP LOCKED")
          .bind("now", now)
          .bind("n", limit)
          .map((rs, ctx) -> map(rs))
          .list();
      due.forEach(r -> expireIfDue(h, r, now));
      return due.size();
    });
  }

  /** The user's requests, sent and received: open ones first, then the newest. */
  public List<PaymentRequest> listFor(Handle h, long userId, int limit) {
    return h.createQuery("SELECT " + COLUMNS + " FROM payment_requests WHERE requester_id = :u OR payer_id = :u"
            + " ORDER BY (status = 'open') DESC, id DESC LIMIT :n")
        .bind("u", userId)
        .bind("n", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  private PaymentRequest close(Handle h, PaymentRequest r, Status status, Optional<Long> transferId, Instant now) {
    return h.createQuery("UPDATE payment_requests SET status = :s, closed_at = :now, transfer_id = :t"
            + " WHERE id = :id AND status = 'open' RETURNING " + COLUMNS)
        .bind("s", status.name().toLowerCase())
        .bind("now", now)
        .bind("t", transferId.orElse(null))
        .bind("id", r.id())
        .map((rs, ctx) -> map(rs))
        .findOne()
        .orElseThrow(() -> new IllegalStateException("request " + r.reference() + " was not open"));
  }

  /** The notification's parameters: reference, amount, note and the other party's name under {@code nameKey}. */
  private Map<String, Object> params(Handle h, PaymentRequest r, long otherId, String nameKey) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("reference", r.reference());
    p.put("amount", r.amount().rupiah());
    p.put("note", r.note());
    p.put(nameKey, users.byId(h, otherId).flatMap(User::displayName).orElse(""));
    return p;
  }

  private static PaymentRequest map(ResultSet rs) throws SQLException {
    long transfer = rs.getLong("transfer_id");
    Optional<Long> transferId = rs.wasNull() ? Optional.empty() : Optional.of(transfer);
    return new PaymentRequest(rs.getLong("id"), rs.getString("reference"), rs.getLong("requester_id"),
        rs.getLong("payer_id"), Money.rupiah(rs.getLong("amount")), rs.getString("note"),
        Status.valueOf(rs.getString("status").toUpperCase()), rs.getTimestamp("expires_at").toInstant(),
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("closed_at")).map(java.sql.Timestamp::toInstant), transferId);
  }
}
