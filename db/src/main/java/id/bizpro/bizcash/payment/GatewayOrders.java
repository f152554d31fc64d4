package id.bizpro.bizcash.payment;

import id.bizpro.bizcash.outbox.Outbox;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What a gateway may do to a top-up order besides paying it: close it when the gateway says its
 * transaction expired, was cancelled or was denied. Only an open order is closed; a paid order
 * stays paid; a payment link's order stays open (issue #18). Thread-safe, stateless.
 */
public final class GatewayOrders {
  private GatewayOrders() {}

  /** How a gateway ended an order. */
  public enum Closure {
    EXPIRED("expired"),
    CANCELLED("cancelled");

    private final String status;

    Closure(String status) {
      this.status = status;
    }
  }

  /**
   * Closes the order if it is still open, in the caller's transaction, and tells the user when it
   * expired (with the same message and dedupe key as the expiry job, so the user hears it once).
   *
   * @return the order's status after the call, or empty when there is no such order
   */
  public static Optional<String> closeIfOpen(Handle h, String reference, Closure closure) {
    Optional<Row> row =
        h.createQuery("SELECT id, user_id, reference, status, total, kind FROM topup_orders WHERE reference = :r FOR UPDATE")
            .bind("r", reference.strip().toUpperCase())
            .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6)))
            .findOne();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Row o = row.get();
    if (!o.status().equals("open")) {
      return Optional.of(o.status());
    }
    if (o.kind().equals("paylink")) {
      // A payment link outlives one failed gateway attempt: its payer may still pay by bank
      // transfer until the link's own expiry.
      return Optional.of("open");
    }
    h.createUpdate("UPDATE topup_orders SET status = :s, closed_at = now() WHERE id = :id")
        .bind("s", closure.status)
        .bind("id", o.id())
        .execute();
    if (closure == Closure.EXPIRED) {
      Outbox.enqueueForUser(
          h, o.userId(), Outbox.Kind.TOPUP_EXPIRED, Map.of("reference", o.reference(), "total", o.total()),
          "topup-expired:" + o.reference());
    }
    return Optional.of(closure.status);
  }

  private record Row(long id, long userId, String reference, String status, long total, String kind) {}
}
