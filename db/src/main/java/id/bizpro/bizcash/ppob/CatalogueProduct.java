package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/** A product as stored from the provider's price list. Immutable. */
public record CatalogueProduct(
    String sku, String name, String providerCategory, String brand, String type, Money price, boolean postpaid,
    boolean buyerActive, boolean sellerActive, boolean unlimitedStock, long stock, String startCutOff,
    String endCutOff, String description, boolean listed) {
  public static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

  public PpobSettings.Category category() {
    return PpobSettings.Category.ofProvider(providerCategory, postpaid);
  }

  /** What the user pays: the provider's price plus BizPro's markup for the category. */
  public Money sellPrice(PpobSettings.Markup markup) {
    return price.plus(markup.forCategory(category()));
  }

  /** Whether the product can be bought now. */
  public sealed interface Availability {
    record Available() implements Availability {}

    /** Switched off by the provider or BizPro, or no longer listed. */
    record Off() implements Availability {}

    record OutOfStock() implements Availability {}

    /** Inside the provider's daily cut-off window; it returns at {@code returnsAt} (WIB). */
    record CutOff(LocalTime returnsAt) implements Availability {}
  }

  public Availability availability(Instant now) {
    if (!listed || !buyerActive || !sellerActive) {
      return new Availability.Off();
    }
    if (!unlimitedStock && stock <= 0) {
      return new Availability.OutOfStock();
    }
    Optional<LocalTime> start = time(startCutOff);
    Optional<LocalTime> end = time(endCutOff);
    if (start.isPresent() && end.isPresent() && !start.get().equals(end.get())) {
      LocalTime t = LocalTime.ofInstant(now, WIB);
      boolean inside = start.get().isBefore(end.get())
          ? !t.isBefore(start.get()) && t.isBefore(end.get())
          : !t.isBefore(start.get()) || t.isBefore(end.get());
      if (inside) {
        return new Availability.CutOff(end.get());
      }
    }
    return new Availability.Available();
  }

  static Optional<LocalTime> time(String s) {
    if (s == null || !s.strip().matches("\\d{1,2}:\\d{1,2}(:\\d{1,2})?")) {
      return Optional.empty();
    }
    String[] p = s.strip().split(":");
    int h = Integer.parseInt(p[0]);
    int m = Integer.parseInt(p[1]);
    return h < 24 && m < 60 ? Optional.of(LocalTime.of(h, m)) : Optional.empty();
  }

  /** The nominal in the product's name ({@code Telkomsel 50.000} → 50000), if it names one. */
  public Optional<Long> nominal() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,3}(?:\\.\\d{3})+|\\d{4,})").matcher(name);
    Optional<Long> last = Optional.empty();
    while (m.find()) {
      last = Optional.of(Long.parseLong(m.group(1).replace(".", "")));
    }
    return last;
  }
}
