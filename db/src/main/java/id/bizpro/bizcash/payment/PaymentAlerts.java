package id.bizpro.bizcash.payment;

import id.bizpro.bizcash.outbox.Outbox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Tells every admin (by Telegram chat) about money that needs a human: an amount that does not
 * match its order, an unmatched bank mutation, a payout result that contradicts an earlier one.
 * Alerts are written to the outbox in the caller's transaction, one per admin and callback, so a
 * replayed callback never alerts twice. Immutable and thread-safe.
 */
public final class PaymentAlerts {
  private final List<Long> adminChatIds;

  public PaymentAlerts(Set<Long> adminTelegramIds) {
    this.adminChatIds = List.copyOf(new TreeSet<>(adminTelegramIds));
  }

  public static PaymentAlerts none() {
    return new PaymentAlerts(Set.of());
  }

  /**
   * Queues the alert for every admin.
   *
   * @param params template parameters (strings or numbers): at least {@code problem}, and whatever
   *     the admin needs to find the money (provider, reference, expected, paid, mutation)
   */
  public void alert(Handle h, long callbackId, Map<String, ?> params) {
    alert(h, Long.toString(callbackId), params);
  }

  /**
   * Queues the alert for every admin, once per {@code eventKey} (a callback id, a receipt
   * reference): replaying the event never alerts twice.
   */
  public void alert(Handle h, String eventKey, Map<String, ?> params) {
    for (long chat : adminChatIds) {
      Outbox.enqueue(
          h, chat, Optional.empty(), Outbox.Kind.ADMIN_PAYMENT_ALERT, params,
          "payment-alert:" + eventKey + ":" + chat);
    }
  }
}
