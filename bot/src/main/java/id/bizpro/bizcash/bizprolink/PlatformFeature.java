package id.bizpro.bizcash.bizprolink;

import id.bizpro.bizcash.platform.PlatformCharges;
import id.bizpro.bizcash.platform.PlatformLinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.pin.MoneyOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * The user's side of BizPro account links (issue #19): a deep link {@code /start link_<token>}
 * shows which BizPro account asks to be linked and asks to confirm through {@link MoneyOut} (the
 * button, and the PIN when the user has one; kind {@link #KIND}, carried out by {@link #confirm});
 * {@code /settings} → BizPro lists the active links with a remove button each (callback prefix
 * {@code plk}). Thread-safe.
 */
public final class PlatformFeature implements Feature {
  /** The pending-action kind of a link confirmation. */
  public static final String KIND = "platform_link";

  /** The pending-action kind of paying a charge (always with the PIN: money out). */
  public static final String CHARGE_KIND = "platform_charge";

  /** What the confirmation carries: the link request. */
  public record Payload(long requestId) {}

  /** What a charge payment carries. */
  public record ChargePayload(long chargeId) {}

  private final PlatformLinks links;
  private final PlatformCharges charges;
  private final MoneyOut moneyOut;
  private final ObjectMapper json;

  public PlatformFeature(PlatformLinks links, PlatformCharges charges, MoneyOut moneyOut, ObjectMapper json) {
    this.links = links;
    this.charges = charges;
    this.moneyOut = moneyOut;
    this.json = json;
  }

  @Override
  public void register(Router router) {
    router.callback("plk", this::press);
  }

  /** {@code /start <payload>}: true when the payload is a link request's (handled here). */
  public boolean startPayload(Turn t, String payload) {
    if (payload.startsWith(CHARGE_PREFIX)) {
      showCharge(t, payload.substring(CHARGE_PREFIX.length()));
      return true;
    }
    if (!payload.startsWith(PlatformLinks.PAYLOAD_PREFIX)) {
      return false;
    }
    String token = payload.substring(PlatformLinks.PAYLOAD_PREFIX.length());
    Optional<PlatformLinks.Request> req =
        token.matches("[A-Za-z0-9_-]{16,64}") ? links.byToken(t.handle(), token) : Optional.empty();
    if (req.isEmpty()) {
      t.send(t.t("platform.link.invalid"), t.menu());
      return true;
    }
    PlatformLinks.Request r = req.get();
    if (r.usedAt().isPresent()) {
      t.send(t.t("platform.link.used"), t.menu());
      return true;
    }
    if (!t.now().isBefore(r.expiresAt())) {
      t.send(t.t("platform.link.expired"), t.menu());
      return true;
    }
    if (!moneyOut.ensureUnlocked(t)) {
      return true;
    }
    moneyOut.askToConfirm(t, KIND, new Payload(r.id()),
        t.t("platform.link.ask", Html.escape(r.displayName()), Html.code(r.bizproUserId()), t.dateTime(r.expiresAt())));
    return true;
  }

  /** The confirmed (and, with a PIN, verified) link: written with its callback to the platform. */
  public boolean confirm(Turn t, PendingActions.PendingAction action) {
    Payload p = action.payload(json, Payload.class);
    return switch (links.confirm(t.handle(), p.requestId(), t.user().id(), t.now())) {
      case PlatformLinks.Confirmed.Linked l -> {
        t.send(t.t("platform.link.done", Html.escape(l.link().displayName()), Html.code(l.link().bizproUserId())), t.menu());
        yield true;
      }
      case PlatformLinks.Confirmed.AlreadyUsed u -> {
        t.send(t.t("platform.link.used"), t.menu());
        yield false;
      }
      case PlatformLinks.Confirmed.Expired e -> {
        t.send(t.t("platform.link.expired"), t.menu());
        yield false;
      }
      case PlatformLinks.Confirmed.NotFound n -> {
        t.send(t.t("platform.link.invalid"), t.menu());
        yield false;
      }
    };
  }

  /** The deep link of a charge's notification: {@code /start charge_<id>}. */
  static final String CHARGE_PREFIX = "charge_";

  private void showCharge(Turn t, String idText) {
    Optional<PlatformCharges.Charge> charge = idText.matches("\\d{1,18}")
        ? charges.byId(t.handle(), Long.parseLong(idText)).filter(c -> c.userId() == t.user().id())
        : Optional.empty();
    if (charge.isEmpty()) {
      t.send(t.t("platform.charge.unknown"), t.menu());
      return;
    }
    PlatformCharges.Charge c = charge.get();
    if (c.status() != PlatformCharges.Status.PENDING) {
      t.send(t.t("platform.charge.resolved." + c.status().name().toLowerCase()), t.menu());
      return;
    }
    if (!t.now().isBefore(c.expiresAt())) {
      t.send(t.t("platform.charge.resolved.expired"), t.menu());
      return;
    }
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    t.send(t.t("platform.charge.show", c.amount().format(), Html.escape(c.note().orElse("-")),
            Html.escape(c.reference().orElse("-")), t.dateTime(c.expiresAt())),
        Keyboards.inline(List.of(Keyboards.button(t.t("platform.charge.decline"), "plk:dc:" + c.id()))));
    moneyOut.askToConfirm(t, CHARGE_KIND, new ChargePayload(c.id()), t.t("platform.charge.confirm", c.amount().format()));
  }

  /** The PIN was right: the charge is paid from the wallet (once, under the charge's row lock). */
  public boolean pay(Turn t, PendingActions.PendingAction action) {
    ChargePayload p = action.payload(json, ChargePayload.class);
    return switch (charges.pay(t.handle(), p.chargeId(), t.user().id(), action.idempotencyKey(), t.now())) {
      case PlatformCharges.Paid.Done d -> {
        t.send(t.t("platform.charge.paid", d.charge().amount().format(), d.balanceAfter().format()), t.menu());
        yield true;
      }
      case PlatformCharges.Paid.Insufficient i -> {
        t.send(t.t("platform.charge.insufficient", i.balance().format()), t.menu());
        yield false;
      }
      case PlatformCharges.Paid.Expired e -> {
        t.send(t.t("platform.charge.resolved.expired"), t.menu());
        yield false;
      }
      case PlatformCharges.Paid.AlreadyResolved r -> {
        t.send(t.t("platform.charge.resolved." + r.status().name().toLowerCase()), t.menu());
        yield false;
      }
      case PlatformCharges.Paid.NotFound n -> {
        t.send(t.t("platform.charge.unknown"), t.menu());
        yield false;
      }
    };
  }

  private void press(Turn t, String data) {
    if (data.startsWith("dc:")) {
      String id = data.substring(3);
      boolean declined = id.matches("\\d{1,18}") && charges.decline(t.handle(), Long.parseLong(id), t.user().id(), t.now());
      t.answer(declined ? t.t("platform.charge.declined") : t.t("callback.invalid"));
      if (declined) {
        t.abandonFlow();
        t.send(t.t("platform.charge.declined"), t.menu());
      }
      return;
    }
    if (data.equals("list")) {
      t.answer(t.t("platform.button.links"));
      list(t);
      return;
    }
    String id = data.startsWith("rm:") ? data.substring(3) : "";
    boolean removed = id.matches("\\d{1,18}") && links.remove(t.handle(), t.user().id(), Long.parseLong(id), t.now());
    t.answer(removed ? t.t("platform.links.removed") : t.t("callback.invalid"));
    if (removed) {
      t.send(t.t("platform.links.removed"), t.menu());
    }
  }

  private void list(Turn t) {
    List<PlatformLinks.Link> mine = links.ofUser(t.handle(), t.user().id());
    if (mine.isEmpty()) {
      t.send(t.t("platform.links.none"), t.menu());
      return;
    }
    StringBuilder text = new StringBuilder(t.t("platform.links.title"));
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    for (PlatformLinks.Link l : mine) {
      text.append('\n').append(t.t("platform.links.item", Html.escape(l.displayName()), Html.code(l.bizproUserId()),
          t.dateTime(l.createdAt())));
      rows.add(List.of(Keyboards.button(t.t("platform.links.remove", l.displayName()), "plk:rm:" + l.id())));
    }
    t.send(text.toString(), Keyboards.inline(rows));
  }
}
