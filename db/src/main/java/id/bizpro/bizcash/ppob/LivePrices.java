package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live price check right before a prepaid purchase is held. The catalogue is synced hourly, so
 * the provider's price may have risen since the user saw it; the purchase then would be held, sent
 * with {@code max_price}, refused by the provider ("Harga seller lebih besar dari ketentuan harga
 * Buyer") and refunded. Instead {@link #check} asks the provider for that one product (the price
 * list by {@code code}, which it answers in real time) outside any transaction, and {@link #judge}
 * decides in the confirming turn's transaction: dearer than the price the user's price was computed
 * from → refused, nothing held, the catalogue row updated; off, out of stock or in its cut-off →
 * refused likewise; cheaper or the same → the purchase goes on with the confirmed price and the old
 * price as {@code max_price}. No answer (the check off, this minute's budget spent, a timeout, a 5xx,
 * a rate-limit answer) never blocks a sale: {@code max_price} stays the guard at the provider.
 * Thread-safe.
 */
public final class LivePrices {
  private static final Logger log = LoggerFactory.getLogger(LivePrices.class);

  private final PpobProvider provider;
  private final PpobCatalogue catalogue;
  private final PpobSettings.Markup markup;
  private final PriceCheckBudget budget;

  public LivePrices(PpobProvider provider, PpobCatalogue catalogue, PpobSettings.Markup markup, PriceCheckBudget budget) {
    this.provider = provider;
    this.catalogue = catalogue;
    this.markup = markup;
    this.budget = budget;
  }

  /** What the provider said about one product. */
  public sealed interface Check {
    /** No answer to go by; {@code why} for the log. */
    record Unchecked(String why) implements Check {}

    /** The provider's current entry for the product. */
    record Seen(PpobProvider.Product product) implements Check {}

    /** The provider's list no longer has the product. */
    record Gone() implements Check {}
  }

  /** What the confirming turn does with a {@link Check}. */
  public sealed interface Verdict {
    /** Hold as usual. */
    record GoOn() implements Verdict {}

    /** The provider's price rose past the user's: nothing held; {@code now} is the new sell price. */
    record Rose(CatalogueProduct product, Money quoted, Money now) implements Verdict {}

    /** The product cannot be bought now: nothing held. */
    record Unavailable(CatalogueProduct.Availability why) implements Verdict {}
  }

  /** Asks the provider about {@code sku} within the budget. Runs no database work: call it outside a transaction. */
  public Check check(String sku) {
    if (!budget.tryTake()) {
      return new Check.Unchecked("this minute's price checks are spent (PPOB_PRICE_CHECKS_PER_MINUTE)");
    }
    try {
      return provider.livePrice(sku).<Check>map(Check.Seen::new).orElseGet(Check.Gone::new);
    } catch (PpobProvider.UnknownOutcome | PpobProvider.Refused | RuntimeException e) {
      log.info("PPOB live price of {} not checked ({}); max_price guards the purchase", sku, e.getMessage());
      return new Check.Unchecked(e.getMessage());
    }
  }

  /**
   * Decides on {@code check} for a purchase of {@code sku} confirmed at {@code quotedSell}, in the
   * caller's transaction; updates the catalogue row when the purchase is refused for it.
   */
  public Verdict judge(Handle h, String sku, Money quotedSell, Check check, Instant now) {
    Optional<CatalogueProduct> stored = catalogue.find(h, sku);
    if (stored.isEmpty() || stored.get().postpaid()) {
      return new Verdict.GoOn(); // the hold answers for an unknown product; bills are priced by their inquiry
    }
    CatalogueProduct s = stored.get();
    return switch (check) {
      case Check.Unchecked u -> new Verdict.GoOn();
      case Check.Gone g -> {
        catalogue.unlist(h, sku);
        yield new Verdict.Unavailable(new CatalogueProduct.Availability.Off());
      }
      case Check.Seen seen -> {
        PpobProvider.Product live = seen.product();
        CatalogueProduct current = new CatalogueProduct(s.sku(), s.name(), s.providerCategory(), s.brand(), s.type(),
            live.price(), false, live.buyerActive(), live.sellerActive(), live.unlimitedStock(), live.stock(),
            live.startCutOff(), live.endCutOff(), s.description(), true);
        CatalogueProduct.Availability a = current.availability(now);
        Money computedFrom = quotedSell.minus(markup.forCategory(s.category()));
        if (!(a instanceof CatalogueProduct.Availability.Available)) {
          catalogue.updateLive(h, live);
          yield new Verdict.Unavailable(a);
        }
        if (computedFrom.isLessThan(live.price())) {
          catalogue.updateLive(h, live);
          yield new Verdict.Rose(current, quotedSell, current.sellPrice(markup));
        }
        // The same or cheaper: the confirmed price stands, max_price stays the catalogue's.
        yield new Verdict.GoOn();
      }
    };
  }
}
