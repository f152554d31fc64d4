package id.bizpro.bizcash.inline;

import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.ledger.Transfer;
import id.bizpro.bizcash.ledger.TransferRequest;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.security.SecureRandom;
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
 * Sending BizCash from any chat (Telegram inline mode, issue #18). An inline query makes an OFFERED
 * send (nothing held); the sender confirms it with the PIN in the private chat, which holds the
 * amount from the wallet in the {@code inline_held} system account (HELD, claimable until {@code
 * expires_at}); the first other user who claims it receives it (CLAIMED), or it goes back to the
 * sender when unclaimed in time or cancelled (RETURNED). Every change runs under the send's row
 * lock in the caller's transaction, and the ledger resolves a hold once (its pending id), so a
 * send is paid out once whoever races. Thread-safe.
 */
public final class InlineSends {
  public static final String REFERENCE_PREFIX = "ILN-";
  public static final int NOTE_MAX = 100;
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final String COLUMNS = "id, code, sender_id, amount, note, status, inline_message_id, hold_transfer_id,"
      + " claimer_id, created_at, expires_at";

  public enum Status { OFFERED, HELD, CLAIMED, RETURNED, WITHDRAWN }

  /** One send. Immutable. */
  public record InlineSend(long id, String code, long senderId, Money amount, String note, Status status,
      Optional<String> inlineMessageId, Optional<Long> holdTransferId, Optional<Long> claimerId, Instant createdAt,
      Optional<Instant> expiresAt) {
    public String reference() {
      return REFERENCE_PREFIX + code;
    }
  }

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final Users users;
  private final Clock clock;
  private final Duration claimable;
  private final SecureRandom random = new SecureRandom();
  private final id.bizpro.bizcash.limits.MoneyOutLimits limits;

  /** @param claimable how long a confirmed send can be claimed (INLINE_TTL, default 24 h) */
  public InlineSends(Jdbi jdbi, Ledger ledger, Users users, Clock clock, Duration claimable) {
    this(jdbi, ledger, users, clock, claimable, new id.bizpro.bizcash.limits.MoneyOutLimits(
        id.bizpro.bizcash.config.AbuseLimits.defaults()));
  }

  /** @param limits the daily money-out limit the held amount counts towards */
  public InlineSends(Jdbi jdbi, Ledger ledger, Users users, Clock clock, Duration claimable,
      id.bizpro.bizcash.limits.MoneyOutLimits limits) {
    this.limits = limits;
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.users = users;
    this.clock = clock;
    this.claimable = claimable;
  }

  /** An offer for an inline query's card: nothing is held yet. */
  public InlineSend offer(Handle h, long senderId, Money amount, String note, Instant now) {
    if (note.codePointCount(0, note.length()) > NOTE_MAX) {
      throw new IllegalArgumentException("note longer than " + NOTE_MAX);
    }
    return h.createQuery("INSERT INTO inline_sends (code, sender_id, amount, note, created_at)"
            + " VALUES (:c, :s, :a, :n, :now) RETURNING " + COLUMNS)
        .bind("c", newCode())
        .bind("s", senderId)
        .bind("a", amount.rupiah())
        .bind("n", note)
        .bind("now", now)
        .map((rs, ctx) -> map(rs))
        .one();
  }

  private String newCode() {
    StringBuilder s = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  public Optional<InlineSend> lock(Handle h, String code) {
    if (code == null || !code.matches("[A-Za-z0-9]{8,32}")) {
      return Optional.empty();
    }
    return h.createQuery("SELECT " + COLUMNS + " FROM inline_sends WHERE code = :c FOR UPDATE")
        .bind("c", code)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<InlineSend> byCode(String code) {
    return jdbi.inTransaction(h -> lock(h, code));
  }

  /** The card of {@code code} was posted as {@code inlineMessageId} (Telegram's chosen_inline_result). */
  public void posted(Handle h, String code, long senderId, String inlineMessageId) {
    h.createUpdate("UPDATE inline_sends SET inline_message_id = :m WHERE code = :c AND sender_id = :s"
            + " AND inline_message_id IS NULL")
        .bind("m", inlineMessageId.length() > 200 ? inlineMessageId.substring(0, 200) : inlineMessageId)
        .bind("c", code)
        .bind("s", senderId)
        .execute();
  }

  public sealed interface HoldResult {
    record Held(InlineSend send, Transfer transfer) implements HoldResult {}

    record NotYours() implements HoldResult {}

    record NotOffered(InlineSend send) implements HoldResult {}

    record Refused(InlineSend send, LedgerResult result) implements HoldResult {}

    /** Today's money out plus this send would pass DAILY_MONEY_OUT; nothing is held. */
    record OverDailyLimit(InlineSend send, Money limit, Money usedToday) implements HoldResult {}
  }

  /** The sender confirmed with the PIN: the amount is held and the send becomes claimable. */
  public HoldResult hold(Handle h, String code, long senderId, String idempotencyKey, Instant now) {
    Optional<InlineSend> found = lock(h, code);
    if (found.isEmpty() || found.get().senderId() != senderId) {
      return new HoldResult.NotYours();
    }
    InlineSend s = found.get();
    if (s.status() != Status.OFFERED) {
      return new HoldResult.NotOffered(s);
    }
    Optional<id.bizpro.bizcash.limits.MoneyOutLimits.Refusal> refusal =
        limits.checkDaily(h, idempotencyKey, senderId, s.amount());
    if (refusal.isPresent() && refusal.get() instanceof id.bizpro.bizcash.limits.MoneyOutLimits.Refusal.DailyLimit d) {
      return new HoldResult.OverDailyLimit(s, d.limit(), d.usedToday());
    }
    LedgerResult r = ledger.execute(h, new TransferRequest.InlineHold(idempotencyKey, senderId, s.amount(), s.reference(),
        Optional.of(s.note())));
    Transfer t = switch (r) {
      case LedgerResult.Done d -> d.transfer();
      case LedgerResult.AlreadyDone d -> d.transfer();
      default -> null;
    };
    if (t == null) {
      return new HoldResult.Refused(s, r);
    }
    InlineSend held = h.createQuery("UPDATE inline_sends SET status = 'held', hold_transfer_id = :t, held_at = :now,"
            + " expires_at = :e WHERE id = :id RETURNING " + COLUMNS)
        .bind("t", t.id())
        .bind("now", now)
        .bind("e", now.plus(claimable))
        .bind("id", s.id())
        .map((rs, ctx) -> map(rs))
        .one();
    return new HoldResult.Held(held, t);
  }

  public sealed interface ClaimResult {
    record Claimed(InlineSend send, Transfer transfer) implements ClaimResult {}

    /** The sender pressed Claim on their own card. */
    record OwnSend(InlineSend send) implements ClaimResult {}

    /** Not confirmed by the sender yet. */
    record NotYetConfirmed(InlineSend send) implements ClaimResult {}

    /** Claimed by someone, returned, withdrawn or expired (returned now). */
    record Gone(InlineSend send) implements ClaimResult {}

    /** The ledger refused (the claimer's balance cap): still claimable by others. */
    record Refused(InlineSend send, LedgerResult result) implements ClaimResult {}

    record NotFound() implements ClaimResult {}
  }

  /** The first claimer who is not the sender receives the held amount; everyone after is told it is gone. */
  public ClaimResult claim(Handle h, String code, long claimerId, Instant now) {
    Optional<InlineSend> found = lock(h, code);
    if (found.isEmpty()) {
      return new ClaimResult.NotFound();
    }
    InlineSend s = found.get();
    if (s.senderId() == claimerId) {
      return new ClaimResult.OwnSend(s);
    }
    if (s.status() == Status.OFFERED) {
      return new ClaimResult.NotYetConfirmed(s);
    }
    if (s.status() != Status.HELD) {
      return new ClaimResult.Gone(s);
    }
    if (!s.expiresAt().orElseThrow().isAfter(now)) {
      return new ClaimResult.Gone(giveBack(h, s, now));
    }
    LedgerResult r = ledger.execute(h, new TransferRequest.InlineClaim("inline-claim:" + s.code(), s.holdTransferId().orElseThrow(),
        claimerId));
    if (!(r instanceof LedgerResult.Done d)) {
      return new ClaimResult.Refused(s, r);
    }
    InlineSend claimed = close(h, s, Status.CLAIMED, d.transfer().id(), Optional.of(claimerId), now);
    Map<String, Object> p = params(h, claimed, claimerId, "claimer");
    Outbox.enqueueForUser(h, s.senderId(), Outbox.Kind.INLINE_CLAIMED, p, "inline-claimed:" + s.code());
    Map<String, Object> q = params(h, claimed, s.senderId(), "from");
    q.put("balance", ledger.balanceOf(h, claimerId).orElseThrow().rupiah());
    Outbox.enqueueForUser(h, claimerId, Outbox.Kind.INLINE_RECEIVED, q, "inline-received:" + s.code());
    return new ClaimResult.Claimed(claimed, d.transfer());
  }

  public sealed interface CancelResult {
    record Cancelled(InlineSend send) implements CancelResult {}

    record NotYours() implements CancelResult {}

    record Gone(InlineSend send) implements CancelResult {}
  }

  /** The sender takes a send back: an offer is withdrawn, a held amount returns to the wallet. */
  public CancelResult cancel(Handle h, String code, long senderId, Instant now) {
    Optional<InlineSend> found = lock(h, code);
    if (found.isEmpty() || found.get().senderId() != senderId) {
      return new CancelResult.NotYours();
    }
    InlineSend s = found.get();
    return switch (s.status()) {
      case OFFERED -> new CancelResult.Cancelled(h.createQuery("UPDATE inline_sends SET status = 'withdrawn', closed_at = :now"
              + " WHERE id = :id RETURNING " + COLUMNS)
          .bind("now", now).bind("id", s.id()).map((rs, ctx) -> map(rs)).one());
      case HELD -> new CancelResult.Cancelled(giveBack(h, s, now));
      default -> new CancelResult.Gone(s);
    };
  }

  /** Returns held sends whose time has passed to their senders (the jobs thread); returns how many. */
  public int returnDue(int limit) {
    return jdbi.inTransaction(h -> {
      Instant now = clock.instant();
      List<String> due = h.createQuery("SELECT code FROM inline_sends WHERE status = 'held' AND expires_at <= :now"
              + " ORDER BY expires_at LIMIT :n FOR UPDATE SKIP LOCKED")
          .bind("now", now).bind("n", limit).mapTo(String.class).list();
      for (String code : due) {
        giveBack(h, lock(h, code).orElseThrow(), now);
      }
      return due.size();
    });
  }

  private InlineSend giveBack(Handle h, InlineSend s, Instant now) {
    LedgerResult r = ledger.execute(h, new TransferRequest.InlineReturn("inline-return:" + s.code(), s.holdTransferId().orElseThrow()));
    Transfer t = switch (r) {
      case LedgerResult.Done d -> d.transfer();
      case LedgerResult.AlreadyDone d -> d.transfer();
      default -> throw new IllegalStateException("return of " + s.reference() + " refused: " + r);
    };
    InlineSend returned = close(h, s, Status.RETURNED, t.id(), Optional.empty(), now);
    Map<String, Object> p = params(h, returned, s.senderId(), "sender");
    p.put("balance", ledger.balanceOf(h, s.senderId()).orElseThrow().rupiah());
    Outbox.enqueueForUser(h, s.senderId(), Outbox.Kind.INLINE_RETURNED, p, "inline-returned:" + s.code());
    return returned;
  }

  private InlineSend close(Handle h, InlineSend s, Status status, long transferId, Optional<Long> claimer, Instant now) {
    return h.createQuery("UPDATE inline_sends SET status = :st, resolve_transfer_id = :t, claimer_id = :c, closed_at = :now"
            + " WHERE id = :id AND status = 'held' RETURNING " + COLUMNS)
        .bind("st", status.name().toLowerCase())
        .bind("t", transferId)
        .bind("c", claimer.orElse(null))
        .bind("now", now)
        .bind("id", s.id())
        .map((rs, ctx) -> map(rs))
        .one();
  }

  private Map<String, Object> params(Handle h, InlineSend s, long otherId, String nameKey) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("reference", s.reference());
    p.put("amount", s.amount().rupiah());
    p.put("note", s.note());
    p.put(nameKey, users.byId(h, otherId).flatMap(User::displayName).orElse(""));
    return p;
  }

  private static InlineSend map(ResultSet rs) throws SQLException {
    long hold = rs.getLong("hold_transfer_id");
    Optional<Long> holdId = rs.wasNull() ? Optional.empty() : Optional.of(hold);
    long claimer = rs.getLong("claimer_id");
    Optional<Long> claimerId = rs.wasNull() ? Optional.empty() : Optional.of(claimer);
    return new InlineSend(rs.getLong("id"), rs.getString("code"), rs.getLong("sender_id"), Money.rupiah(rs.getLong("amount")),
        rs.getString("note"), Status.valueOf(rs.getString("status").toUpperCase()),
        Optional.ofNullable(rs.getString("inline_message_id")), holdId, claimerId,
        rs.getTimestamp("created_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("expires_at")).map(java.sql.Timestamp::toInstant));
  }
}
