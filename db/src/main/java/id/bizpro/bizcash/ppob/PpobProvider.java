package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.util.List;
import java.util.Optional;

/**
 * The H2H provider, as the Digiflazz buyer API describes it ({@link DigiflazzClient}); the console
 * runs {@link SimulatedProvider}. Calls block; implementations are thread-safe.
 */
public interface PpobProvider {
  /** A product of the price list. {@code price} is the provider's price to BizPro. */
  record Product(
      String sku, String name, String category, String brand, String type, Money price, boolean postpaid,
      boolean buyerActive, boolean sellerActive, boolean unlimitedStock, long stock, String startCutOff,
      String endCutOff, String description) {}

  /** The provider's final or interim word on a transaction. */
  enum Status { SUCCESS, PENDING, FAILED }

  /**
   * The {@code data} of a transaction answer (to the buy call, a re-ask with the same ref_id, or a
   * callback).
   */
  record Answer(String refId, Status status, String rc, String message, Optional<String> sn, Optional<Money> price,
      Optional<Money> buyerLastSaldo, String customerNo, String sku) {}

  /**
   * A postpaid bill from {@code inq-pasca}: {@code price} is what paying it takes from BizPro's
   * deposit (bill, fines and admin fee); {@code periods} as the provider lists them.
   */
  record Bill(String refId, String customerNo, String customerName, Money price, Money admin, Money billAmount,
      List<String> periods) {}

  /** PLN prepaid name check. */
  record PlnCustomer(String customerNo, String meterNo, String name, String segmentPower) {}

  /**
   * The outcome is unknown: a timeout, a 5xx, a connection reset, an answer we cannot read. The
   * transaction may or may not exist at the provider; ask again with the same ref_id.
   */
  final class UnknownOutcome extends Exception {
    public UnknownOutcome(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The provider refused a read (inquiry, price list, deposit) definitely; {@code message} is its reason. */
  final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** Whether this is the built-in simulation (the console), shown as such to users. */
  default boolean simulated() {
    return false;
  }

  List<Product> priceList(boolean postpaid) throws UnknownOutcome, Refused;

  /**
   * The provider's current entry for one prepaid product: the price list asked by {@code code}
   * (the buyer SKU), the lookup the provider answers in real time (by category, brand or type it
   * is 10-15 minutes old). Empty when the provider's list no longer has the product. Asked right
   * before a purchase is held, so it gives up soon; the provider limits price-list calls, so
   * callers budget them ({@link PpobService#checkLive}).
   *
   * @throws Refused when the provider answered without a product list (a rate limit, a bad sign)
   */
  Optional<Product> livePrice(String sku) throws UnknownOutcome, Refused;

  /**
   * Buys, or re-asks about, the transaction {@code refId}: the provider never makes a second
   * purchase for a ref_id it knows.
   *
   * @param maxPrice the provider price the user's price was computed from; a dearer product is refused
   */
  Answer transaction(String sku, String customerNo, String refId, Money maxPrice) throws UnknownOutcome;

  Optional<PlnCustomer> inquiryPln(String customerNo) throws UnknownOutcome, Refused;

  /**
   * Asks for a postpaid bill ({@code inq-pasca}) under {@code refId}, the ref_id its payment will use.
   *
   * @throws Refused when there is no bill to pay (paid already, wrong number): the provider's message
   */
  Bill inquireBill(String sku, String customerNo, String refId) throws UnknownOutcome, Refused;

  /**
   * Pays, or re-asks about, the bill inquired under {@code refId} ({@code pay-pasca} with the same
   * ref_id: never a second payment).
   */
  Answer payBill(String sku, String customerNo, String refId) throws UnknownOutcome;

  /**
   * The status of the bill payment {@code refId} ({@code status-pasca}): a read that never pays.
   * The provider answers it for 90 days.
   */
  Answer billStatus(String sku, String customerNo, String refId) throws UnknownOutcome;

  Money deposit() throws UnknownOutcome, Refused;
}
