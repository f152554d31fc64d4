package id.bizpro.bizcash.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Writes notifications to the {@code outbox} table inside the caller's transaction, so a message
 * exists exactly when the event it reports committed. A dispatcher in the bot delivers them. The
 * dedupe key makes enqueueing idempotent: replaying an event never queues a second message.
 * Thread-safe.
 */
public final class Outbox {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Outbox() {}

  /** The notifications the product sends; the bot renders each from its message bundle. */
  public enum Kind {
    TRANSFER_RECEIVED,
    TOPUP_CREDITED,
    TOPUP_EXPIRED,
    WITHDRAWAL_PAID,
    WITHDRAWAL_FAILED,
    ADMIN_PAYMENT_ALERT,
    /** Money of the user's arrived but is held in suspense (a second payment, over the cap, …). */
    PAYMENT_HELD,
    /** An admin credited a held receipt to the user's wallet. */
    RECEIPT_CREDITED,
    /** An admin refunded a held receipt to the payer's bank. */
    RECEIPT_REFUNDED,
    /** The gateway took back a credited top-up; a shortfall blocks money-out. */
    TOPUP_REVERSED,
    /** An admin lifted the money-out block a reversal had put on the user. */
    MONEY_OUT_UNBLOCKED,
    /** The user's PIN was set, changed or reset. */
    PIN_CHANGED,
    /** "Forgot PIN": a reset was requested; money-out is locked until it is done or cancelled. */
    PIN_RESET_REQUESTED,
    /** The user cancelled a PIN reset. */
    PIN_RESET_CANCELLED,
    /** A PIN reset's waiting time is over: a new PIN may be set now. */
    PIN_RESET_READY,
    /** A bank account was saved. */
    BANK_ACCOUNT_ADDED,
    /** A bank account was removed. */
    BANK_ACCOUNT_REMOVED,
    /** A PPOB purchase succeeded: the receipt with SN or token. */
    PPOB_SUCCESS,
    /** A PPOB purchase failed: refunded. */
    PPOB_FAILED,
    /** Someone asked the user for money (/tagih): rendered with Pay and Decline buttons. */
    REQUEST_RECEIVED,
    /** The user's request was paid. */
    REQUEST_PAID,
    /** The user's request was declined. */
    REQUEST_DECLINED,
    /** The user's open request expired unpaid (told to the requester). */
    REQUEST_EXPIRED,
    /** A request to the user was cancelled by the requester. */
    REQUEST_CANCELLED,
    /** The user's payment link was paid and the wallet credited. */
    PAYLINK_PAID,
    /** The user's payment link expired unpaid. */
    PAYLINK_EXPIRED,
    /** The user's inline send was claimed (told to the sender). */
    INLINE_CLAIMED,
    /** The user claimed an inline send and received it. */
    INLINE_RECEIVED,
    /** The user's inline send came back (unclaimed in time, or cancelled). */
    INLINE_RETURNED,
    /** BizPro's platform paid the user (a platform credit, issue #19). */
    PLATFORM_CREDITED,
    /** BizPro's platform asks the user to pay a charge (a deep link opens Pay / Decline). */
    PLATFORM_CHARGE_REQUESTED;

    public String dbName() {
      return name().toLowerCase();
    }

    public static Kind fromDb(String s) {
      return valueOf(s.toUpperCase());
    }
  }

  /**
   * Queues one message; returns false when a message with this dedupe key already exists.
   *
   * @param params template parameters; values must be strings or numbers
   */
  public static boolean enqueue(
      Handle h, long chatId, Optional<Long> userId, Kind kind, Map<String, ?> params, String dedupeKey) {
    String json;
    try {
      json = JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("outbox params are not serialisable", e);
    }
    int inserted =
        h.createUpdate(
                """
                INSERT INTO outbox (chat_id, user_id, kind, params, dedupe_key)
                VALUES (:chat, :user, :kind, CAST(:params AS jsonb), :dedupe)
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
            .bind("chat", chatId)
            .bind("user", userId.orElse(null))
            .bind("kind", kind.dbName())
            .bind("params", json)
            .bind("dedupe", dedupeKey)
            .execute();
    // A trigger on the table wakes dispatchers that LISTEN, once this transaction commits.
    return inserted == 1;
  }

  /** Queues one message to a registered user's private chat. */
  public static boolean enqueueForUser(Handle h, long userId, Kind kind, Map<String, ?> params, String dedupeKey) {
    long chatId =
        h.createQuery("SELECT telegram_id FROM users WHERE id = :id").bind("id", userId).mapTo(Long.class).one();
    return enqueue(h, chatId, Optional.of(userId), kind, params, dedupeKey);
  }
}
