package id.bizpro.bizcash.platform;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Charges (issue #19): BizPro's platform asks a linked user to pay for a service. {@link #create}
 * stores the charge and the user's notification (with the deep link that opens Pay / Decline) in
 * one transaction; {@link #pay} (after the user's PIN) moves the amount from the wallet to the
 * platform account, {@link #decline} and {@link #expireDue} close it without money; each writes
 * its {@code charge.*} callback in the same transaction. A charge is resolved once: every
 * resolution locks its row first. Thread-safe.
 */
public final class PlatformCharges {
  /** What the platform asks. */
  public record Request(String idempotencyKey, String bodySha256, String bizproUserId, Money amount,
      Optional<String> note, Optional<String> reference, Instant expiresAt) {}

  public enum Status { PENDING, PAID, DECLINED, EXPIRED }

  public record Charge(long id, String idempotencyKey, String bizproUserId, long userId, Money amount,
      Optional<String> note, Optional<String> reference, Instant expiresAt, Status status, Optional<Long> transferId) {}

  /** What {@link #create} did. */
  public sealed interface Created {
    record New(Charge charge) implements Created {}

    /** The key was used with the same body: the charge as it is now. */
    record Existing(Charge charge) implements Created {}

    record Conflict() implements Created {}

    record UnknownUser() implements Created {}

    record NotLinked() implements Created {}
  }

  /** What {@link #pay} did. */
  public sealed interface Paid {
    record Done(Charge charge, Money balanceAfter) implements Paid {}

    record Insufficient(Money balance) implements Paid {}

    record Expired() implements Paid {}

    record AlreadyResolved(Status status) implements Paid {}

    record NotFound() implements Paid {}
  }

  private final Jdbi jdbi;

  public PlatformCharges(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Stores the charge for the linked user and queues their notification, whose deep link is
   * {@code payLinkPrefix + id}.
   */
  public Created create(Request r, String payLinkPrefix, Instant now) {
    return jdbi.inTransaction(h -> {
      Optional<Charge> existing = byKey(h, r.idempotencyKey());
      if (existing.isPresent()) {
        return sameBody(h, r) ? new Created.Existing(existing.get()) : new Created.Conflict();
      }
      Optional<Long> user = h.createQuery(
              "SELECT user_id FROM platform_links WHERE bizpro_user_id = :b AND removed_at IS NULL")
          .bind("b", r.bizproUserId()).mapTo(Long.class).findOne();
      if (user.isEmpty()) {
        boolean known = h.createQuery("""
                SELECT EXISTS (SELECT 1 FROM platform_link_requests WHERE bizpro_user_id = :b)
                    OR EXISTS (SELECT 1 FROM platform_links WHERE bizpro_user_id = :b)
                """).bind("b", r.bizproUserId()).mapTo(Boolean.class).one();
        return known ? new Created.NotLinked() : new Created.UnknownUser();
      }
      Optional<Long> id = h.createQuery("""
              INSERT INTO platform_charges (idempotency_key, body_sha256, bizpro_user_id, user_id, amount, note,
                                            reference, expires_at, created_at)
              VALUES (:key, :hash, :b, :user, :amount, :note, :ref, :expires, :now)
              ON CONFLICT (idempotency_key) DO NOTHING
              RETURNING id
              """)
          .bind("key", r.idempotencyKey()).bind("hash", r.bodySha256()).bind("b", r.bizproUserId())
          .bind("user", user.get()).bind("amount", r.amount().rupiah()).bind("note", r.note().orElse(null))
          .bind("ref", r.reference().orElse(null)).bind("expires", r.expiresAt()).bind("now", now)
          .mapTo(Long.class).findOne();
      if (id.isEmpty()) {
        // A twin committed between the check and the insert.
        Charge twin = byKey(h, r.idempotencyKey()).orElseThrow();
        return sameBody(h, r) ? new Created.Existing(twin) : new Created.Conflict();
      }
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("amount", r.amount().rupiah());
      params.put("note", r.note().orElse(""));
      params.put("reference", r.reference().orElse(""));
      params.put("expires_at", r.expiresAt().toString());
      params.put("url", payLinkPrefix + id.get());
      Outbox.enqueueForUser(h, user.get(), Outbox.Kind.PLATFORM_CHARGE_REQUESTED, params, "platform-charge:" + id.get());
      return new Created.New(byId(h, id.get()).orElseThrow());
    });
  }

  private static boolean sameBody(Handle h, Request r) {
    return h.createQuery("SELECT body_sha256 = :hash FROM platform_charges WHERE idempotency_key = :key")
        .bind("hash", r.bodySha256()).bind("key", r.idempotencyKey()).mapTo(Boolean.class).one();
  }

  public Optional<Charge> byId(Handle h, long id) {
    return h.createQuery("SELECT * FROM platform_charges WHERE id = :id").bind("id", id).map((rs, ctx) -> charge(rs)).findOne();
  }

  private Optional<Charge> byKey(Handle h, String key) {
    return h.createQuery("SELECT * FROM platform_charges WHERE idempotency_key = :k").bind("k", key)
        .map((rs, ctx) -> charge(rs)).findOne();
  }

  private Optional<Charge> lock(Handle h, long id, long userId) {
    return h.createQuery("SELECT * FROM platform_charges WHERE id = :id AND user_id = :u FOR UPDATE")
        .bind("id", id).bind("u", userId).map((rs, ctx) -> charge(rs)).findOne();
  }

  /** Pays charge {@code id} of {@code userId} in the caller's transaction, once; {@code key} is the transfer's key. */
  public Paid pay(Handle h, long id, long userId, String key, Instant now) {
    Optional<Charge> locked = lock(h, id, userId);
    if (locked.isEmpty()) {
      return new Paid.NotFound();
    }
    Charge c = locked.get();
    if (c.status() != Status.PENDING) {
      return new Paid.AlreadyResolved(c.status());
    }
    if (!now.isBefore(c.expiresAt())) {
      resolve(h, c, Status.EXPIRED, PlatformCallbacks.Type.CHARGE_EXPIRED, now);
      return new Paid.Expired();
    }
    record Row(String outcome, Long transferId, long balance) {}
    Row row = h.createQuery("SELECT outcome, transfer_id, balance_after FROM platform_charge_pay(:id, :key)")
        .bind("id", id).bind("key", key)
        .map((rs, ctx) -> new Row(rs.getString("outcome"), rs.getObject("transfer_id", Long.class), rs.getLong("balance_after")))
        .one();
    if (row.outcome().equals("insufficient")) {
      return new Paid.Insufficient(Money.rupiah(row.balance()));
    }
    Charge paid = byId(h, id).orElseThrow();
    PlatformCallbacks.enqueue(h, PlatformCallbacks.Type.CHARGE_PAID, data(paid), "charge-paid:" + id, now);
    return new Paid.Done(paid, Money.rupiah(row.balance()));
  }

  /** Declines charge {@code id}; false when it is not a pending charge of the user's. */
  public boolean decline(Handle h, long id, long userId, Instant now) {
    Optional<Charge> c = lock(h, id, userId);
    if (c.isEmpty() || c.get().status() != Status.PENDING) {
      return false;
    }
    resolve(h, c.get(), Status.DECLINED, PlatformCallbacks.Type.CHARGE_DECLINED, now);
    return true;
  }

  /** Expires pending charges past their time (each in its own transaction); returns how many. */
  public int expireDue(Instant now, int limit) {
    List<Long> due = jdbi.withHandle(h -> h.createQuery(
            "SELECT id FROM platform_charges WHERE status = 'pending' AND expires_at <= :now ORDER BY expires_at LIMIT :limit")
        .bind("now", now).bind("limit", limit).mapTo(Long.class).list());
    int expired = 0;
    for (long id : due) {
      expired += jdbi.inTransaction(h -> {
        Optional<Charge> c = h.createQuery(
                "SELECT * FROM platform_charges WHERE id = :id AND status = 'pending' FOR UPDATE SKIP LOCKED")
            .bind("id", id).map((rs, ctx) -> charge(rs)).findOne();
        if (c.isEmpty()) {
          return 0;
        }
        resolve(h, c.get(), Status.EXPIRED, PlatformCallbacks.Type.CHARGE_EXPIRED, now);
        return 1;
      });
    }
    return expired;
  }

  private static void resolve(Handle h, Charge c, Status status, PlatformCallbacks.Type type, Instant now) {
    h.createUpdate("UPDATE platform_charges SET status = :s, resolved_at = :now WHERE id = :id")
        .bind("s", status.name().toLowerCase()).bind("now", now).bind("id", c.id()).execute();
    PlatformCallbacks.enqueue(h, type, data(c), type.apiName() + ":" + c.id(), now);
  }

  private static Map<String, Object> data(Charge c) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("charge_id", c.id());
    d.put("idempotency_key", c.idempotencyKey());
    d.put("bizpro_user_id", c.bizproUserId());
    d.put("amount", c.amount().rupiah());
    d.put("reference", c.reference().orElse(null));
    c.transferId().ifPresent(t -> d.put("transfer_id", t));
    return d;
  }

  private static Charge charge(ResultSet rs) throws SQLException {
    return new Charge(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("bizpro_user_id"),
        rs.getLong("user_id"), Money.rupiah(rs.getLong("amount")), Optional.ofNullable(rs.getString("note")),
        Optional.ofNullable(rs.getString("reference")), rs.getTimestamp("expires_at").toInstant(),
        Status.valueOf(rs.getString("status").toUpperCase()), Optional.ofNullable(rs.getObject("transfer_id", Long.class)));
  }
}
