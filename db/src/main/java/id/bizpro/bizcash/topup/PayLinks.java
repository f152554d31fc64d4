package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.config.PaidSettings;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Payment links (issue #18): an invoice anyone can pay, kept as a top-up order of kind {@code
 * paylink} with the reference {@code INV-…}, so that the payment routes, the unique code, the
 * quarantine of totals, late payments and suspense apply to it exactly as to top-ups. The payer
 * pays amount + unique code (no top-up fee); the payee is credited that total less {@code
 * PAYLINK_FEE}. Its public page is found by an opaque random id, never by the reference. Thread-safe.
 */
public final class PayLinks {
  /** Prefix of a payment link's reference. */
  public static final String PREFIX = "INV";
  /** Longest note a payee may write. */
  public static final int NOTE_MAX = 100;
  /**
   * Open links per payee: each open link reserves a total of the shared unique-code pool (for its
   * life and the quarantine after), so one user must not be able to take the codes of an amount.
   */
  public static final int MAX_OPEN = 20;

  private final Jdbi jdbi;
  private final TopUpOrders orders;
  private final MoneyRules rules;
  private final PaidSettings settings;
  private final SecureRandom random = new SecureRandom();

  public PayLinks(Jdbi jdbi, TopUpOrders orders, MoneyRules rules, PaidSettings settings) {
    this.jdbi = jdbi;
    this.orders = orders;
    this.rules = rules;
    this.settings = settings;
  }

  /** A payment link: its order (amount, code, total, status, expiry), page id, note and payer. */
  public record PayLink(TopUpOrder order, String publicId, String note, Optional<String> payerName) {
    public Money amount() {
      return order.amount();
    }

    /** What the payer transfers: amount + unique code. */
    public Money total() {
      return order.total();
    }

    public boolean isPaid() {
      return order.status() == TopUpOrder.Status.PAID;
    }

    /** Payable now: open and not past its expiry. */
    public boolean isPayable(Instant now) {
      return order.isOpen() && order.expiresAt().isAfter(now);
    }
  }

  public sealed interface CreateResult {
    record Created(PayLink link) implements CreateResult {}

    record BelowMinimum(Money minimum) implements CreateResult {}

    record AboveMaximum(Money maximum) implements CreateResult {}

    record NoFreeCode() implements CreateResult {}

    record TooManyOpen(int limit) implements CreateResult {}
  }

  /** The public page of the link {@code publicId} under {@code publicBaseUrl} (PUBLIC_BASE_URL). */
  public static String pageUrl(String publicBaseUrl, String publicId) {
    return publicBaseUrl.replaceAll("/+$", "") + "/pay/" + publicId;
  }

  /** The smallest link amount: the top-up minimum, and always more than the fee. */
  public Money minimum() {
    Money overFee = settings.paylinkFee().plus(Money.rupiah(1));
    return overFee.isGreaterThan(rules.topUpMin()) ? overFee : rules.topUpMin();
  }

  /** The largest link amount: the top-up maximum. */
  public Money maximum() {
    return rules.topUpMax();
  }

  /** A new open link for {@code payeeId}; {@code note} is already cleaned and at most {@link #NOTE_MAX}. */
  public CreateResult create(long payeeId, Money amount, String note) {
    if (amount.isLessThan(minimum())) {
      return new CreateResult.BelowMinimum(minimum());
    }
    if (amount.isGreaterThan(maximum())) {
      return new CreateResult.AboveMaximum(maximum());
    }
    if (note.codePointCount(0, note.length()) > NOTE_MAX) {
      throw new IllegalArgumentException("note longer than " + NOTE_MAX);
    }
    return jdbi.inTransaction(h -> {
      Instant now = orders.clock().instant();
      // One payee's link requests queue here, so two taps cannot both pass the open-link limit.
      h.createQuery("SELECT id FROM users WHERE id = :u FOR NO KEY UPDATE").bind("u", payeeId).mapTo(Long.class).one();
      int open = h.createQuery("SELECT count(*) FROM topup_orders WHERE user_id = :u AND kind = 'paylink'"
              + " AND status = 'open' AND expires_at > :now")
          .bind("u", payeeId).bind("now", now).mapTo(Integer.class).one();
      if (open >= MAX_OPEN) {
        return new CreateResult.TooManyOpen(MAX_OPEN);
      }
      Optional<TopUpOrder> order = orders.insert(h, "paylink", PREFIX, payeeId, amount, settings.paylinkFee(),
          amount.rupiah(), orders.maxCode(), now.plus(settings.paylinkTtl()), now);
      if (order.isEmpty()) {
        return new CreateResult.NoFreeCode();
      }
      String publicId = newPublicId();
      h.createUpdate("INSERT INTO payment_links (order_id, public_id, note) VALUES (:o, :p, :n)")
          .bind("o", order.get().id())
          .bind("p", publicId)
          .bind("n", note)
          .execute();
      return new CreateResult.Created(new PayLink(order.get(), publicId, note, Optional.empty()));
    });
  }

  /** 128 random bits, URL-safe: the page's address reveals nothing and cannot be guessed. */
  private String newPublicId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The link whose page id is {@code publicId}; empty for anything malformed or unknown. */
  public Optional<PayLink> byPublicId(String publicId) {
    if (publicId == null || !publicId.matches("[A-Za-z0-9_-]{16,64}")) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT o." + TopUpOrders.COLUMNS.replace(", ", ", o.") + ", l.public_id, l.note, l.payer_name"
                + " FROM payment_links l JOIN topup_orders o ON o.id = l.order_id WHERE l.public_id = :p")
        .bind("p", publicId)
        .map((rs, ctx) -> new PayLink(TopUpOrders.map(rs), rs.getString("public_id"), rs.getString("note"),
            Optional.ofNullable(rs.getString("payer_name"))))
        .findOne());
  }

  /** The link of reference {@code INV-…}. */
  public Optional<PayLink> byReference(String reference) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT l.public_id FROM payment_links l JOIN topup_orders o ON o.id = l.order_id WHERE o.reference = :r")
        .bind("r", reference.strip().toUpperCase())
        .mapTo(String.class)
        .findOne())
        .flatMap(this::byPublicId);
  }

  /** The payee's links, newest first. */
  public List<PayLink> recent(long payeeId, int limit) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT o." + TopUpOrders.COLUMNS.replace(", ", ", o.") + ", l.public_id, l.note, l.payer_name"
                + " FROM payment_links l JOIN topup_orders o ON o.id = l.order_id WHERE o.user_id = :u"
                + " ORDER BY o.id DESC LIMIT :n")
        .bind("u", payeeId)
        .bind("n", limit)
        .map((rs, ctx) -> new PayLink(TopUpOrders.map(rs), rs.getString("public_id"), rs.getString("note"),
            Optional.ofNullable(rs.getString("payer_name"))))
        .list());
  }

  /** Remembers the gateway's payment page (Midtrans Snap) for the link. */
  public void setPaymentUrl(PayLink link, String url) {
    orders.setPaymentUrl(link.order().id(), url);
  }

  /**
   * Called by {@link TopUpPayments} in the payment's transaction once a link's order is credited:
   * stores the payer's name where the provider gave one and tells the payee.
   */
  static void paid(Handle h, TopUpOrder order, TopUpOrders.Payment payment, Map<String, Object> params) {
    Optional<String> payer = payment.payerName().map(n -> n.length() > 200 ? n.substring(0, 200) : n);
    payer.ifPresent(name -> h.createUpdate("UPDATE payment_links SET payer_name = :n WHERE order_id = :o")
        .bind("n", name)
        .bind("o", order.id())
        .execute());
    String note = h.createQuery("SELECT note FROM payment_links WHERE order_id = :o")
        .bind("o", order.id()).mapTo(String.class).findOne().orElse("");
    Map<String, Object> p = new java.util.LinkedHashMap<>(params);
    p.put("note", note);
    p.put("fee", order.fee().rupiah());
    payer.ifPresent(name -> p.put("payer", name));
    Outbox.enqueueForUser(h, order.userId(), Outbox.Kind.PAYLINK_PAID, p, "paylink-paid:" + order.reference());
  }
}
