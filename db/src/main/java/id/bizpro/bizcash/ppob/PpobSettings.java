package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.config.ConfigException;
import id.bizpro.bizcash.config.Env;
import id.bizpro.bizcash.money.Money;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PPOB configuration: the provider (Digiflazz buyer API) and BizPro's prices. PPOB is on only when
 * {@code PPOB_USERNAME} and {@code PPOB_API_KEY} are both set ({@link #configured()}). Immutable;
 * {@link #toString()} shows no secret.
 *
 * @param apiUrl PPOB_API_URL, the provider's v1 base ({@code …/price-list}, {@code …/transaction} are appended)
 * @param markup PPOB_MARKUP: rupiah added to the provider's price, per category
 * @param minDepositAlert PPOB_MIN_DEPOSIT_ALERT: admins are alerted once each time the deposit falls below it
 * @param pendingReview PPOB_PENDING_REVIEW: a purchase still pending this long goes to the admins
 * @param priceChecksPerMinute PPOB_PRICE_CHECKS_PER_MINUTE: at most this many live price checks
 *     (price list by product code, right before a hold) a minute; 0 turns the check off
 */
public record PpobSettings(
    URI apiUrl,
    Optional<String> username,
    Optional<String> apiKey,
    Optional<String> webhookSecret,
    Markup markup,
    Money minDepositAlert,
    Duration pendingReview,
    int priceChecksPerMinute) {
  public static final URI DIGIFLAZZ_V1 = URI.create("https://api.digiflazz.com/v1");
  public static final int DEFAULT_PRICE_CHECKS_PER_MINUTE = 30;

  /** With the default budget of live price checks. */
  public PpobSettings(URI apiUrl, Optional<String> username, Optional<String> apiKey, Optional<String> webhookSecret,
      Markup markup, Money minDepositAlert, Duration pendingReview) {
    this(apiUrl, username, apiKey, webhookSecret, markup, minDepositAlert, pendingReview, DEFAULT_PRICE_CHECKS_PER_MINUTE);
  }

  /** The same settings with another budget of live price checks a minute (0: no live check). */
  public PpobSettings withPriceChecksPerMinute(int perMinute) {
    return new PpobSettings(apiUrl, username, apiKey, webhookSecret, markup, minDepositAlert, pendingReview, perMinute);
  }

  /** Whether a real provider is configured. */
  public boolean configured() {
    return username.isPresent() && apiKey.isPresent();
  }

  public static PpobSettings fromEnv(Env env) {
    Optional<String> user = env.optional("PPOB_USERNAME");
    Optional<String> key = env.secret("PPOB_API_KEY", 8);
    if (user.isPresent() != key.isPresent()) {
      throw new ConfigException(user.isPresent() ? "PPOB_API_KEY" : "PPOB_USERNAME",
          "PPOB needs both PPOB_USERNAME and PPOB_API_KEY");
    }
    return new PpobSettings(
        env.url("PPOB_API_URL").orElse(DIGIFLAZZ_V1),
        user,
        key,
        env.secret("PPOB_WEBHOOK_SECRET", 8),
        Markup.parse(env.optional("PPOB_MARKUP").orElse("1500")),
        env.rupiah("PPOB_MIN_DEPOSIT_ALERT", Money.rupiah(500_000), Money.ZERO),
        env.duration("PPOB_PENDING_REVIEW", Duration.ofHours(2)),
        env.integer("PPOB_PRICE_CHECKS_PER_MINUTE", DEFAULT_PRICE_CHECKS_PER_MINUTE, 0, 6_000));
  }

  /** For tests and the console's simulation. */
  public static PpobSettings of(URI apiUrl, String username, String apiKey, String webhookSecret, Markup markup) {
    return new PpobSettings(apiUrl, Optional.of(username), Optional.of(apiKey), Optional.ofNullable(webhookSecret),
        markup, Money.rupiah(500_000), Duration.ofHours(2));
  }

  @Override
  public String toString() {
    return "PpobSettings[" + (configured() ? "provider " + apiUrl : "off") + ", markup=" + markup
        + ", webhook secret " + (webhookSecret.isPresent() ? "set" : "not set") + ", price checks/min "
        + priceChecksPerMinute + "]";
  }

  /**
   * Rupiah added to the provider's price: one amount for every category ({@code 1500}) or one per
   * category ({@code pulsa:1000,data:1500,pln:2000,emoney:1000,pasca:2500}; a category not named
   * gets 0). Immutable.
   */
  public record Markup(Optional<Money> all, Map<Category, Money> perCategory) {
    public Markup {
      perCategory = Map.copyOf(perCategory);
    }

    public static Markup flat(long rupiah) {
      return new Markup(Optional.of(Money.rupiah(rupiah)), Map.of());
    }

    public Money forCategory(Category c) {
      return all.orElseGet(() -> perCategory.getOrDefault(c, Money.ZERO));
    }

    public static Markup parse(String raw) {
      String s = raw.strip().replace("_", "");
      if (s.matches("\\d{1,9}")) {
        return flat(Long.parseLong(s));
      }
      Map<Category, Money> per = new TreeMap<>();
      for (String part : s.split(",")) {
        String[] kv = part.strip().split(":", 2);
        Optional<Category> c = kv.length == 2 ? Category.byConfigName(kv[0].strip()) : Optional.empty();
        if (c.isEmpty() || !kv[1].strip().matches("\\d{1,9}")) {
          throw new ConfigException("PPOB_MARKUP",
              "must be rupiah (1500) or category:rupiah pairs (pulsa:1000,data:1500,pln:2000,emoney:1000,pasca:2500), got '"
                  + raw + "'");
        }
        per.put(c.get(), Money.rupiah(Long.parseLong(kv[1].strip())));
      }
      return new Markup(Optional.empty(), per);
    }

    @Override
    public String toString() {
      return all.map(Money::plain).orElse(perCategory.toString());
    }
  }

  /** BizPro's product groups (the provider's categories mapped onto what the menu offers). */
  public enum Category {
    PULSA, DATA, PLN, EMONEY, PASCA, OTHER;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Category> byConfigName(String s) {
      for (Category c : values()) {
        if (c != OTHER && c.configName().equalsIgnoreCase(s)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }

    /** The provider's category name ({@code Pulsa}, {@code Data}, {@code PLN}, {@code E-Money}) as ours. */
    public static Category ofProvider(String providerCategory, boolean postpaid) {
      if (postpaid) {
        return PASCA;
      }
      String c = providerCategory == null ? "" : providerCategory.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
      return switch (c) {
        case "pulsa" -> PULSA;
        case "data" -> DATA;
        case "pln" -> PLN;
        case "emoney" -> EMONEY;
        default -> OTHER;
      };
    }
  }
}
