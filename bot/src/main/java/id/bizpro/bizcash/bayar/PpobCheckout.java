package id.bizpro.bizcash.bayar;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions.PendingAction;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.CatalogueProduct;
import id.bizpro.bizcash.ppob.LivePrices;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobService;
import java.util.List;
import java.util.Optional;

/**
 * A PPOB purchase after its PIN (the money-out executor of {@link PpobFeature#KIND}): the live
 * price check ({@link LivePrices}; the provider asked outside the turn's transaction with {@link
 * Turn#outside}) — a price that rose past the user's is refused with nothing held, the old and new
 * final price and a button that buys again at the new price, a product now off, out of stock or in
 * its cut-off is refused likewise — then the hold, and the hand-off to the provider once the hold
 * has committed. Thread-safe.
 */
public record PpobCheckout(PpobService ppob, Ledger ledger, ObjectMapper json) {
  /**
   * What the confirm button will buy. Stored with the pending action. {@code customerName} is the
   * PLN name check's answer, shown again if the purchase is offered again at a new price (null when
   * there was none, and in actions stored before it was kept).
   */
  public record Payload(String sku, String customerNo, @JsonProperty("sellRupiah") Money sell,
      String billReference, @JsonProperty("billProviderRupiah") Money billProviderPrice, String customerName) {
    Payload(String sku, String customerNo, Money sell, String customerName) {
      this(sku, customerNo, sell, null, null, customerName);
    }

    Optional<PpobPurchases.BillQuote> bill() {
      return billReference == null ? Optional.empty()
          : Optional.of(new PpobPurchases.BillQuote(billReference, billProviderPrice));
    }
  }

  /**
   * Carries out a confirmed action of {@link PpobFeature#KIND} (the PIN was right): checks the
   * provider's live price, holds the price, then hands the purchase to the provider.
   */
  public boolean execute(Turn t, PendingAction action) {
    Payload p = action.payload(json, Payload.class);
    if (refused(t, p)) {
      return false;
    }
    var result = ppob.purchases().hold(t.handle(), action.idempotencyKey(), t.user().id(), p.sku(), p.customerNo(),
        p.sell(), p.bill(), t.now());
    switch (result) {
      case PpobPurchases.HoldResult.Held h -> processing(t, h.purchase(), true);
      case PpobPurchases.HoldResult.AlreadyHeld h -> processing(t, h.purchase(), false);
      case PpobPurchases.HoldResult.NoSuchProduct n -> t.send(t.t("ppob.no_such_product"), t.menu());
      case PpobPurchases.HoldResult.Unavailable u -> {
        PpobFeature.unavailableTold(t, u.why());
        t.send(t.t("ppob.nothing_charged"), t.menu());
      }
      case PpobPurchases.HoldResult.PriceChanged c -> {
        // A prepaid product's price changed in the catalogue since the confirmation: offer it again at the new price.
        Optional<CatalogueProduct> product = p.bill().isPresent() ? Optional.empty() : ppob.catalogue().find(t.handle(), p.sku());
        if (product.isPresent()) {
          offerAgain(t, product.get(), p.customerNo(), p.customerName(), t.t("ppob.price_changed", c.quoted().format(), c.now().format()),
              c.now());
        } else {
          t.send(t.t("ppob.price_changed", c.quoted().format(), c.now().format()), t.menu());
        }
      }
      case PpobPurchases.HoldResult.InsufficientFunds f ->
          t.send(t.t("ppob.insufficient", f.balance().format(), f.price().format()), t.menu());
      case PpobPurchases.HoldResult.DailyLimitExceeded d ->
          t.send(t.t("limit.daily_money_out", d.limit().format(), d.usedToday().format()), t.menu());
    }
    return result instanceof PpobPurchases.HoldResult.Held || result instanceof PpobPurchases.HoldResult.AlreadyHeld;
  }

  private void processing(Turn t, PpobPurchase p, boolean submit) {
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("ppob.processing", Html.code(p.reference()), Html.escape(p.productName()), Html.code(p.customerNo()),
        p.sellPrice().format(), balance.format()) + PpobFeature.simulationNote(t, ppob), t.menu());
    if (submit) {
      // Only once the hold has committed does the provider hear of the purchase.
      t.afterSend(sender -> ppob.submit(p.reference()));
    }
  }

  /** True (the user told why, nothing held) when the purchase must not be held. */
  private boolean refused(Turn t, Payload p) {
    if (p.bill().isPresent()) {
      return false; // a bill's price is its inquiry's
    }
    LivePrices.Check check = t.outside("ppob.live-price:" + p.sku(), () -> ppob.livePrices().check(p.sku()));
    switch (ppob.livePrices().judge(t.handle(), p.sku(), p.sell(), check, t.now())) {
      case LivePrices.Verdict.GoOn g -> {
        return false;
      }
      case LivePrices.Verdict.Unavailable u -> {
        PpobFeature.unavailableTold(t, u.why());
        t.send(t.t("ppob.nothing_charged"), t.menu());
        return true;
      }
      case LivePrices.Verdict.Rose r -> {
        offerAgain(t, r.product(), p.customerNo(), p.customerName(),
            t.t("ppob.price.rose", Html.escape(r.product().name()), r.quoted().format(), r.now().format()), r.now());
        return true;
      }
    }
  }

  /**
   * Tells {@code why} with a button that buys {@code product} for {@code customerNo} again at {@code
   * price}: the product's own button, as on the product list, so the retry goes through the
   * confirmation and the PIN.
   */
  static void offerAgain(Turn t, CatalogueProduct product, String customerNo, String customerName, String why,
      Money price) {
    t.go(new PpobState.ChoosingProduct(product.category().name(), "", customerNo, customerName == null ? "" : customerName));
    t.send(why, Keyboards.inline(List.of(Keyboards.button(t.t("ppob.price.retry", price.format()), "pp:s:" + product.sku()))));
  }
}
