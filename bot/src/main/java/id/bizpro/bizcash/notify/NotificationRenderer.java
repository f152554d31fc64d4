package id.bizpro.bizcash.notify;

import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.platform.PlatformCredits;
import id.bizpro.bizcash.user.DisplayNames;
import id.bizpro.bizcash.user.Language;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Turns an outbox row (kind and parameters) into the Telegram HTML message the recipient reads,
 * in their language, from the {@code notify_messages} bundles. Every value that came from a user
 * or an outside system (names, notes, reasons, references) is HTML-escaped, and names are cleaned
 * of bidi controls and invisible characters ({@link DisplayNames}); amounts are whole
 * rupiah formatted as {@code Rp 1.250.000}. Rendering is pure: the same row always gives the same
 * text. Immutable and thread-safe.
 */
public final class NotificationRenderer {
  private static final String BUNDLE = "notify_messages";
  /** Telegram refuses messages longer than 4096 characters; free-form admin values are cut well below. */
  private static final int MAX_VALUE_CHARS = 300;
  /** Admin alert parameters that hold rupiah amounts. */
  private static final List<String> MONEY_KEYS = List.of("expected", "paid", "amount", "total", "refund", "balance", "reversed", "shortfall");

  private final Map<Language, ResourceBundle> bundles = new EnumMap<>(Language.class);

  public NotificationRenderer() {
    // No fallback to the JVM's default locale: an English server must still speak Indonesian.
    ResourceBundle.Control noFallback =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    bundles.put(Language.ID, ResourceBundle.getBundle(BUNDLE, Locale.ROOT, noFallback));
    bundles.put(Language.EN, ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, noFallback));
  }

  /** A parameter is missing or of the wrong type: the row can never be rendered. */
  public static final class RenderException extends RuntimeException {
    RenderException(String message) {
      super(message);
    }
  }

  /**
   * Renders one notification.
   *
   * @throws RenderException when the kind is unknown or a required parameter is missing
   */
  public String render(String kind, Map<String, ?> params, Language language) {
    Outbox.Kind k;
    try {
      k = Outbox.Kind.fromDb(kind);
    } catch (IllegalArgumentException e) {
      throw new RenderException("unknown notification kind '" + kind + "'");
    }
    Text t = new Text(bundles.get(language));
    return switch (k) {
      case TRANSFER_RECEIVED -> t
          .line("transfer_received", "amount", money(params, "amount"), "from", name(t, params, "from"))
          .lineIf(!optional(params, "note").isEmpty(), "transfer_received.note", "note", escape(optional(params, "note")))
          .line("transfer_received.balance", "balance", money(params, "balance"))
          .line("transfer_received.next")
          .toString();
      case TOPUP_CREDITED -> t
          .line("topup_credited", "reference", text(params, "reference"), "amount", money(params, "amount"))
          .lineIf(Boolean.parseBoolean(optional(params, "late")), "topup_credited.late")
          .lineIf(!optional(params, "held").isEmpty(), "topup_credited.held", "held", optionalMoney(params, "held"))
          .line("topup_credited.balance", "balance", money(params, "balance"))
          .toString();
      case TOPUP_EXPIRED -> t
          .line("topup_expired", "reference", text(params, "reference"))
          .line("topup_expired.detail", "total", money(params, "total"))
          .line("topup_expired.next")
          .toString();
      case WITHDRAWAL_PAID -> t
          .line("withdrawal_paid", "reference", text(params, "reference"), "amount", money(params, "amount"),
              "bank", text(params, "bank"))
          .lineIf(!optional(params, "payout_reference").isEmpty(), "withdrawal_paid.payout_reference",
              "payout_reference", escape(optional(params, "payout_reference")))
          .toString();
      case WITHDRAWAL_FAILED -> t
          .line("withdrawal_failed", "reference", text(params, "reference"))
          .lineIf(!optional(params, "reason").isEmpty(), "withdrawal_failed.reason",
              "reason", escape(optional(params, "reason")))
          .line("withdrawal_failed.refund", "refund", money(params, "refund"))
          .line("withdrawal_failed.balance", "balance", money(params, "balance"))
          .line("withdrawal_failed.next")
          .toString();
      case ADMIN_PAYMENT_ALERT -> adminAlert(t, params);
      case PAYMENT_HELD -> {
        String reason = text(params, "reason");
        String forOrder = optional(params, "reference").isEmpty() ? ""
            : t.get("payment_held.for").replace("{reference}", escape(optional(params, "reference")));
        t.line("payment_held", "amount", money(params, "amount"), "for", forOrder);
        if (t.has("payment_held." + reason)) {
          t.line("payment_held." + reason);
        }
        yield t.line("payment_held.next", "receipt", text(params, "receipt")).toString();
      }
      case RECEIPT_CREDITED -> t
          .line("receipt_credited", "receipt", text(params, "receipt"), "amount", money(params, "amount"))
          .line("receipt_credited.balance", "balance", money(params, "balance"))
          .toString();
      case RECEIPT_REFUNDED -> { // a held platform credit goes back to BizPro, not to a bank
        String line = PlatformCredits.PROVIDER.equals(optional(params, "to")) ? "receipt_returned_platform" : "receipt_refunded";
        yield t.line(line, "receipt", text(params, "receipt"), "amount", money(params, "amount"))
            .lineIf(!optional(params, "bank_reference").isEmpty(), line + ".reference", "bank_reference", escape(optional(params, "bank_reference"))).toString();
      }
      case MONEY_OUT_UNBLOCKED -> t.line("money_out_unblocked", "reference", text(params, "reference")).toString();
      case PIN_CHANGED -> t
          .line("pin_changed." + oneOf(params, "how", "set", "changed", "reset"), "at", time(language, params, "at"))
          .line("pin_changed.not_you")
          .toString();
      case PIN_RESET_REQUESTED -> t
          .line("pin_reset_requested", "ready_at", time(language, params, "ready_at"))
          .line("pin_reset_requested.not_you")
          .toString();
      case PIN_RESET_CANCELLED -> t.line("pin_reset_cancelled").toString();
      case PIN_RESET_READY -> t.line("pin_reset_ready").toString();
      case BANK_ACCOUNT_ADDED -> t
          .line("bank_account_added", "account", text(params, "account"), "holder", text(params, "holder"))
          .line("bank_account.not_you")
          .toString();
      case BANK_ACCOUNT_REMOVED -> t
          .line("bank_account_removed", "account", text(params, "account"))
          .line("bank_account.not_you")
          .toString();
      case REQUEST_RECEIVED -> t
          .line("request.received", "from", name(t, params, "from"), "amount", money(params, "amount"))
          .lineIf(!optional(params, "note").isEmpty(), "request.received.note", "note", escape(optional(params, "note")))
          .line("request.received.reference", "reference", text(params, "reference"))
          .toString();
      case REQUEST_PAID -> t
          .line("request.paid", "reference", text(params, "reference"), "amount", money(params, "amount"),
              "payer", name(t, params, "payer"))
          .lineIf(!optional(params, "note").isEmpty(), "request.note", "note", escape(optional(params, "note")))
          .toString();
      case REQUEST_DECLINED -> t
          .line("request.declined", "reference", text(params, "reference"), "amount", money(params, "amount"),
              "payer", name(t, params, "payer"))
          .toString();
      case REQUEST_EXPIRED -> t
          .line("request.expired", "reference", text(params, "reference"), "amount", money(params, "amount"),
              "payer", name(t, params, "payer"))
          .toString();
      case REQUEST_CANCELLED -> t
          .line("request.cancelled", "reference", text(params, "reference"), "amount", money(params, "amount"),
              "from", name(t, params, "from"))
          .toString();
      case PAYLINK_PAID -> t
          .line("paylink.paid", "reference", text(params, "reference"), "amount", money(params, "amount"))
          .lineIf(!optional(params, "payer").isEmpty(), "paylink.paid.payer", "payer",
              escape(DisplayNames.ofShown(optional(params, "payer")).orElse("")))
          .lineIf(!optional(params, "note").isEmpty(), "paylink.paid.note", "note", escape(optional(params, "note")))
          .lineIf(!optional(params, "fee").isEmpty() && !optional(params, "fee").equals("0"), "paylink.paid.fee",
              "fee", optionalMoney(params, "fee"))
          .lineIf(Boolean.parseBoolean(optional(params, "late")), "paylink.paid.late")
          .lineIf(!optional(params, "held").isEmpty(), "paylink.paid.held", "held", optionalMoney(params, "held"))
          .line("paylink.paid.balance", "balance", money(params, "balance"))
          .toString();
      case INLINE_CLAIMED -> t
          .line("inline.claimed", "reference", text(params, "reference"), "amount", money(params, "amount"),
              "claimer", name(t, params, "claimer"))
          .lineIf(!optional(params, "note").isEmpty(), "inline.note", "note", escape(optional(params, "note")))
          .toString();
      case INLINE_RECEIVED -> t
          .line("inline.received", "amount", money(params, "amount"), "from", name(t, params, "from"))
          .lineIf(!optional(params, "note").isEmpty(), "inline.note", "note", escape(optional(params, "note")))
          .line("inline.balance", "balance", money(params, "balance"))
          .toString();
      case INLINE_RETURNED -> t
          .line("inline.returned", "reference", text(params, "reference"), "amount", money(params, "amount"))
          .line("inline.balance", "balance", money(params, "balance"))
          .toString();
      case PAYLINK_EXPIRED -> t
          .line("paylink.expired", "reference", text(params, "reference"), "amount", money(params, "amount"))
          .toString();
      case TOPUP_REVERSED -> t
          // A payment link's payment (INV-…) is taken back the same way as a top-up's; its payee is told so.
          .line(optional(params, "reference").startsWith("INV-") ? "paylink.reversed" : "topup_reversed",
              "reference", text(params, "reference"), "amount", money(params, "amount"))
          .lineIf(!optional(params, "shortfall").isEmpty() && !optional(params, "shortfall").equals("0"),
              "topup_reversed.shortfall", "shortfall", optionalMoney(params, "shortfall"))
          .line("topup_reversed.balance", "balance", money(params, "balance"))
          .toString();
      case PPOB_SUCCESS -> ppobSuccess(t, params);
      case PPOB_FAILED -> t
          .line("ppob.failed", "reference", text(params, "reference"), "product", text(params, "product"),
              "customer_no", text(params, "customer_no"))
          .lineIf(!optional(params, "reason").isEmpty(), "ppob.failed.reason", "reason", escape(optional(params, "reason")))
          .line("ppob.failed.refund", "price", money(params, "price"), "balance", money(params, "balance"))
          .toString();
      case PLATFORM_CREDITED -> t
          .lineIf(optional(params, "note").isEmpty(), "platform.credited", "amount", money(params, "amount"))
          .lineIf(!optional(params, "note").isEmpty(), "platform.credited.note", "amount", money(params, "amount"),
              "note", escape(optional(params, "note")))
          .lineIf(!optional(params, "reference").isEmpty(), "platform.credited.reference",
              "reference", escape(optional(params, "reference")))
          .lineIf(!optional(params, "held").isEmpty() && !optional(params, "held").equals("0"), "platform.credited.held",
              "held", optionalMoney(params, "held"), "receipt", escape(optional(params, "receipt")))
          .line("platform.credited.balance", "balance", money(params, "balance"))
          .toString();
      case PLATFORM_CHARGE_REQUESTED -> t
          .line("platform.charge_requested", "amount", money(params, "amount"))
          .lineIf(!optional(params, "note").isEmpty(), "platform.charge_requested.note", "note", escape(optional(params, "note")))
          .lineIf(!optional(params, "reference").isEmpty(), "platform.credited.reference",
              "reference", escape(optional(params, "reference")))
          .line("platform.charge_requested.open", "url", text(params, "url"))
          .toString();
    };
  }

  /** The receipt: a PLN token grouped 4-4-4-4-4 (with kWh when the provider gives them), else the SN. */
  private static String ppobSuccess(Text t, Map<String, ?> params) {
    t.line("ppob.success", "reference", text(params, "reference"), "product", text(params, "product"),
        "customer_no", text(params, "customer_no"), "price", money(params, "price"));
    String sn = optional(params, "sn");
    java.util.Optional<id.bizpro.bizcash.ppob.PlnToken> token =
        "PLN".equals(optional(params, "category")) ? id.bizpro.bizcash.ppob.PlnToken.parse(sn) : java.util.Optional.empty();
    if (token.isPresent()) {
      t.line("ppob.success.token", "token", token.get().grouped());
      token.get().kwh().ifPresent(k -> t.line("ppob.success.kwh", "kwh", escape(k)));
    } else if (!sn.isEmpty()) {
      t.line("ppob.success.sn", "sn", escape(sn));
    }
    return t.line("ppob.success.balance", "balance", money(params, "balance")).toString();
  }

  /**
   * The buttons a notification carries: "Beli lagi" under a PPOB receipt (callback {@code
   * pp:a:<reference>}, handled by the /bayar feature); Pay and Decline under a payment request
   * (callback data {@code rq:pay:<id>} / {@code rq:no:<id>}, checked against the presser when
   * pressed); every other kind none.
   */
  public java.util.Optional<org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup> keyboard(
      String kind, Map<String, ?> params, Language language) {
    Text t = new Text(bundles.get(language));
    if (Outbox.Kind.PPOB_SUCCESS.dbName().equals(kind) && params.get("reference") != null) {
      return java.util.Optional.of(new org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup(
          List.of(new org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow(
              button(t.get("ppob.button.again"), "pp:a:" + params.get("reference"))))));
    }
    if (Outbox.Kind.REQUEST_RECEIVED.dbName().equals(kind) && params.get("request_id") instanceof Number id) {
      return java.util.Optional.of(new org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup(
          List.of(new org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow(
              button(t.get("request.button.pay"), "rq:pay:" + id.longValue()),
              button(t.get("request.button.decline"), "rq:no:" + id.longValue())))));
    }
    return java.util.Optional.empty();
  }

  private static org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton button(
      String text, String data) {
    return org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton.builder()
        .text(text).callbackData(data).build();
  }

  private static String adminAlert(Text t, Map<String, ?> params) {
    t.line("admin_payment_alert");
    for (Map.Entry<String, ?> e : params.entrySet()) {
      String key = e.getKey();
      String label = t.has("admin.label." + key) ? t.get("admin.label." + key) : escape(key);
      String raw = String.valueOf(e.getValue());
      String value =
          MONEY_KEYS.contains(key) && e.getValue() instanceof Number n
              ? Money.rupiah(n.longValue()).format()
              : key.equals("problem") && t.has("admin.problem." + raw)
                  ? t.get("admin.problem." + raw)
                  : escape(raw);
      t.raw(label + ": " + value);
    }
    return t.line("admin_payment_alert.next").toString();
  }

  /** Escapes the characters Telegram's HTML parse mode treats as markup. */
  public static String escape(String s) {
    String cut = s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
    StringBuilder out = new StringBuilder(cut.length() + 16);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String text(Map<String, ?> params, String key) {
    Object v = params.get(key);
    if (v == null) {
      throw new RenderException("parameter '" + key + "' is missing");
    }
    return escape(String.valueOf(v));
  }

  /**
   * A person's name, cleaned as everywhere else ({@link DisplayNames#ofShown}: rows written before
   * names were cleaned at registration are cleaned here), the placeholder when nothing is left.
   */
  private static String name(Text t, Map<String, ?> params, String key) {
    Object v = params.get(key);
    if (v == null) {
      throw new RenderException("parameter '" + key + "' is missing");
    }
    return escape(DisplayNames.ofShown(String.valueOf(v)).orElseGet(() -> t.get("name.unnamed")));
  }

  /** An instant (ISO-8601) shown as {@code 26 Nov 2026 15:05 WIB}, months in the reader's language. */
  private static String time(Language language, Map<String, ?> params, String key) {
    Object v = params.get(key);
    try {
      return java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'WIB'", language.locale())
          .withZone(java.time.ZoneId.of("Asia/Jakarta"))
          .format(java.time.Instant.parse(String.valueOf(v)))
          .replace(".", "");
    } catch (java.time.format.DateTimeParseException e) {
      throw new RenderException("parameter '" + key + "' is not an instant: " + v);
    }
  }

  private static String oneOf(Map<String, ?> params, String key, String... allowed) {
    String v = String.valueOf(params.get(key));
    if (!List.of(allowed).contains(v)) {
      throw new RenderException("parameter '" + key + "' is not one of " + List.of(allowed) + ": " + v);
    }
    return v;
  }

  private static String optional(Map<String, ?> params, String key) {
    Object v = params.get(key);
    return v == null ? "" : String.valueOf(v).strip();
  }

  private static String optionalMoney(Map<String, ?> params, String key) {
    return params.get(key) == null ? "" : money(params, key);
  }

  private static String money(Map<String, ?> params, String key) {
    Object v = params.get(key);
    if (v instanceof Number n) {
      return Money.rupiah(n.longValue()).format();
    }
    if (v instanceof String s && s.matches("-?\\d{1,18}")) {
      return Money.rupiah(Long.parseLong(s)).format();
    }
    throw new RenderException("parameter '" + key + "' is not a whole rupiah amount: " + v);
  }

  /** Lines of one message; placeholders are filled verbatim (values are escaped by the caller). */
  private static final class Text {
    private final ResourceBundle bundle;
    private final List<String> lines = new ArrayList<>();

    Text(ResourceBundle bundle) {
      this.bundle = bundle;
    }

    boolean has(String key) {
      return bundle.containsKey(key);
    }

    String get(String key) {
      try {
        return bundle.getString(key);
      } catch (MissingResourceException e) {
        throw new IllegalStateException(BUNDLE + " has no message '" + key + "'", e);
      }
    }

    Text line(String key, String... namesAndValues) {
      String s = get(key);
      for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
        s = s.replace("{" + namesAndValues[i] + "}", namesAndValues[i + 1]);
      }
      lines.add(s);
      return this;
    }

    Text lineIf(boolean condition, String key, String... namesAndValues) {
      return condition ? line(key, namesAndValues) : this;
    }

    void raw(String line) {
      lines.add(line);
    }

    @Override
    public String toString() {
      return String.join("\n", lines);
    }
  }
}
