package id.bizpro.bizcash.bizprolink;

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

  /** What the confirmation carries: the link request. */
  public record Payload(long requestId) {}

  private final PlatformLinks links;
  private final MoneyOut moneyOut;
  private final ObjectMapper json;

  public PlatformFeature(PlatformLinks links, MoneyOut moneyOut, ObjectMapper json) {
    this.links = links;
    this.moneyOut = moneyOut;
    this.json = json;
  }

  @Override
  public void register(Router router) {
    router.callback("plk", this::press);
  }

  /** {@code /start <payload>}: true when the payload is a link request's (handled here). */
  public boolean startPayload(Turn t, String payload) {
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

  private void press(Turn t, String data) {
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
