package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.ppob.CatalogueProduct;
import id.bizpro.bizcash.ppob.LivePrices;
import id.bizpro.bizcash.ppob.PpobService;
import java.util.List;

/**
 * The live price check between a prepaid purchase's PIN and its hold ({@link LivePrices}): the
 * provider is asked outside the turn's transaction ({@link Turn#outside}); a price that rose past
 * the user's is refused with nothing held, the old and new final price, and a button that buys
 * again at the new price; a product now off, out of stock or in its cut-off is refused likewise.
 * Stateless.
 */
final class PpobLivePrice {
  private PpobLivePrice() {}

  /** True (the user told why, nothing held) when the purchase must not be held. */
  static boolean refused(Turn t, PpobService ppob, PpobFeature.Payload p) {
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
        offerAgain(t, r.product(), p.customerNo(),
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
  static void offerAgain(Turn t, CatalogueProduct product, String customerNo, String why, Money price) {
    t.go(new PpobState.ChoosingProduct(product.category().name(), "", customerNo, ""));
    t.send(why, Keyboards.inline(List.of(Keyboards.button(t.t("ppob.price.retry", price.format()), "pp:s:" + product.sku()))));
  }
}
