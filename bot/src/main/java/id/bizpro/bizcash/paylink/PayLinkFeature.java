package id.bizpro.bizcash.paylink;

import id.bizpro.bizcash.conversation.Amounts;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.qr.QrCodes;
import id.bizpro.bizcash.topup.PayLinks;
import id.bizpro.bizcash.topup.PayLinks.PayLink;
import id.bizpro.bizcash.topup.PaymentLinks;
import id.bizpro.bizcash.topup.TopUpOrder;
import id.bizpro.bizcash.user.DisplayNames;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;

/**
 * {@code /link 500000 Invoice INV-017}: a payment link anyone can pay ({@link PayLinks}). The reply
 * names the link's reference, amount, what the payer transfers (amount + unique code), the expiry
 * and the public page {@code PUBLIC_BASE_URL/pay/<opaque id>}; after the turn commits, the Midtrans
 * Snap page is created when configured, and the QR code of the page's address is sent as a photo.
 * {@code /link} alone lists the user's recent links. Private chats only, like every money command.
 * Thread-safe.
 *
 * @param publicBaseUrl PUBLIC_BASE_URL, where GET /pay/&lt;id&gt; is reachable
 */
public record PayLinkFeature(PayLinks links, PaymentLinks gateway, String publicBaseUrl) implements Feature {
  private static final Logger log = LoggerFactory.getLogger(PayLinkFeature.class);
  private static final int LISTED = 10;

  @Override
  public void register(Router router) {
    router.command("link", "paylink.command", this::start);
  }

  private void start(Turn t, String args) {
    t.abandonFlow();
    if (args.isBlank()) {
      list(t);
      return;
    }
    String[] parts = args.strip().split("\\s+", 2);
    Optional<Money> amount = Amounts.read(t, parts[0]);
    if (amount.isEmpty()) {
      t.send(t.t("paylink.usage"), t.menu());
      return;
    }
    String note = parts.length > 1 ? DisplayNames.clean(parts[1]) : "";
    if (note.codePointCount(0, note.length()) > PayLinks.NOTE_MAX) {
      t.send(t.t("paylink.note_too_long", PayLinks.NOTE_MAX), t.menu());
      return;
    }
    switch (links.create(t.user().id(), amount.get(), note)) {
      case PayLinks.CreateResult.Created c -> created(t, c.link());
      case PayLinks.CreateResult.BelowMinimum b -> t.send(t.t("paylink.below_min", b.minimum().format()), t.menu());
      case PayLinks.CreateResult.AboveMaximum a -> t.send(t.t("paylink.above_max", a.maximum().format()), t.menu());
      case PayLinks.CreateResult.NoFreeCode n -> t.send(t.t("paylink.no_code"), t.menu());
      case PayLinks.CreateResult.TooManyOpen m -> t.send(t.t("paylink.too_many", m.limit()), t.menu());
    }
  }

  private void created(Turn t, PayLink link) {
    TopUpOrder o = link.order();
    String url = PayLinks.pageUrl(publicBaseUrl, link.publicId());
    String text = t.t("paylink.created", Html.code(o.reference()), o.amount().format(),
        link.note().isEmpty() ? t.t("transfer.no_note") : Html.escape(link.note()), o.total().format(),
        o.uniqueCode().format(), o.fee().isPositive() ? t.t("paylink.fee_line", o.fee().format()) : "",
        t.dateTime(o.expiresAt()), Html.escape(url));
    t.send(text, Keyboards.inline(List.of(Keyboards.link(t.t("paylink.button.open"), url))));
    String caption = t.t("paylink.qr_caption", o.reference(), o.total().format(), Html.escape(url));
    long chatId = t.chatId();
    t.afterSend(sender -> {
      // The Snap page is made after commit: a slow gateway must not hold the chat's transaction.
      try {
        gateway.create(o).ifPresent(u -> links.setPaymentUrl(link, u));
      } catch (RuntimeException e) {
        log.warn("No Snap page for {}: {}", o.reference(), e.toString());
      }
      try {
        sender.sendPhoto(SendPhoto.builder()
            .chatId(chatId)
            .photo(new InputFile(new ByteArrayInputStream(QrCodes.png(url, 480)), o.reference() + ".png"))
            .caption(caption)
            .parseMode(ParseMode.HTML)
            .build());
      } catch (org.telegram.telegrambots.meta.exceptions.TelegramApiException | RuntimeException e) {
        log.warn("Could not send the QR code of {} to chat {}: {}", o.reference(), chatId, e.toString());
      }
    });
  }

  private void list(Turn t) {
    List<PayLink> mine = links.recent(t.user().id(), LISTED);
    StringBuilder text = new StringBuilder(t.t("paylink.usage"));
    if (!mine.isEmpty()) {
      text.append("\n\n").append(t.t("paylink.list.title"));
      for (PayLink l : mine) {
        String status = l.isPaid() ? "paid" : l.isPayable(t.now()) ? "open"
            : l.order().status() == TopUpOrder.Status.CANCELLED ? "cancelled" : "expired";
        text.append('\n').append(t.t("paylink.list.item", Html.code(l.order().reference()), l.amount().format(),
            l.note().isEmpty() ? t.t("transfer.no_note") : Html.escape(l.note()), t.t("paylink.status." + status),
            Html.escape(PayLinks.pageUrl(publicBaseUrl, l.publicId()))));
      }
    }
    t.send(text.toString(), t.menu());
  }
}
