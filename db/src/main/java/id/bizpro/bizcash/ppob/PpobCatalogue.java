package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The provider's products in PostgreSQL, replaced by each price-list sync. A product the sync no
 * longer lists stays (purchases refer to it) but is not {@code listed}. Thread-safe.
 */
public final class PpobCatalogue {
  private static final String COLUMNS =
      "sku, product_name, category, brand, type, price, postpaid, buyer_active, seller_active, unlimited_stock, "
          + "stock, start_cut_off, end_cut_off, description, listed";

  private final Jdbi jdbi;

  public PpobCatalogue(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores one price list (prepaid or postpaid): upserts its products, unlists the others of that kind. */
  public int sync(List<PpobProvider.Product> products, boolean postpaid) {
    return jdbi.inTransaction(h -> {
      for (PpobProvider.Product p : products) {
        h.createUpdate(
                """
                INSERT INTO ppob_products (sku, product_name, category, brand, type, price, postpaid, buyer_active,
                    seller_active, unlimited_stock, stock, start_cut_off, end_cut_off, description, listed, synced_at)
                VALUES (:sku, :name, :category, :brand, :type, :price, :postpaid, :buyer, :seller, :unlimited, :stock,
                    :start, :end, :desc, true, now())
                ON CONFLICT (sku) DO UPDATE SET product_name = excluded.product_name, category = excluded.category,
                    brand = excluded.brand, type = excluded.type, price = excluded.price, postpaid = excluded.postpaid,
                    buyer_active = excluded.buyer_active, seller_active = excluded.seller_active,
                    unlimited_stock = excluded.unlimited_stock, stock = excluded.stock,
                    start_cut_off = excluded.start_cut_off, end_cut_off = excluded.end_cut_off,
                    description = excluded.description, listed = true, synced_at = now()
                """)
            .bind("sku", p.sku())
            .bind("name", p.name())
            .bind("category", p.category())
            .bind("brand", p.brand())
            .bind("type", p.type())
            .bind("price", p.price().rupiah())
            .bind("postpaid", postpaid)
            .bind("buyer", p.buyerActive())
            .bind("seller", p.sellerActive())
            .bind("unlimited", p.unlimitedStock())
            .bind("stock", p.stock())
            .bind("start", p.startCutOff())
            .bind("end", p.endCutOff())
            .bind("desc", p.description())
            .execute();
      }
      h.createUpdate("UPDATE ppob_products SET listed = false WHERE postpaid = :pp AND listed AND NOT (sku = ANY (:skus))")
          .bind("pp", postpaid)
          .bindArray("skus", String.class, products.stream().map(PpobProvider.Product::sku).toArray())
          .execute();
      return products.size();
    });
  }

  /**
   * Stores what the provider just said about one prepaid product (a live price check): its price,
   * status, stock and cut-off; the product is listed again.
   */
  public void updateLive(Handle h, PpobProvider.Product p) {
    h.createUpdate(
            """
            UPDATE ppob_products SET price = :price, buyer_active = :buyer, seller_active = :seller,
                unlimited_stock = :unlimited, stock = :stock, start_cut_off = :start, end_cut_off = :end, listed = true
            WHERE sku = :sku AND NOT postpaid
            """)
        .bind("sku", p.sku())
        .bind("price", p.price().rupiah())
        .bind("buyer", p.buyerActive())
        .bind("seller", p.sellerActive())
        .bind("unlimited", p.unlimitedStock())
        .bind("stock", p.stock())
        .bind("start", p.startCutOff())
        .bind("end", p.endCutOff())
        .execute();
  }

  /** The provider no longer lists {@code sku}: it is hidden until a sync lists it again. */
  public void unlist(Handle h, String sku) {
    h.createUpdate("UPDATE ppob_products SET listed = false WHERE sku = :sku").bind("sku", sku).execute();
  }

  public Optional<CatalogueProduct> find(String sku) {
    return jdbi.withHandle(h -> find(h, sku));
  }

  public Optional<CatalogueProduct> find(Handle h, String sku) {
    return h.createQuery("SELECT " + COLUMNS + " FROM ppob_products WHERE sku = :s")
        .bind("s", sku)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Listed products of a category whose brand is {@code brand} (case and punctuation ignored), cheapest first. */
  public List<CatalogueProduct> ofBrand(Handle h, PpobSettings.Category category, String brand) {
    return listed(h).stream()
        .filter(p -> p.category() == category && Operators.sameBrand(p.brand(), brand))
        .sorted(Comparator.comparing(CatalogueProduct::price).thenComparing(CatalogueProduct::sku))
        .toList();
  }

  /** Listed products of a category, by name. */
  public List<CatalogueProduct> ofCategory(Handle h, PpobSettings.Category category) {
    return listed(h).stream().filter(p -> p.category() == category)
        .sorted(Comparator.comparing(CatalogueProduct::name)).toList();
  }

  /** The brands that have listed products of a category, alphabetical. */
  public List<String> brands(Handle h, PpobSettings.Category category) {
    return listed(h).stream().filter(p -> p.category() == category).map(CatalogueProduct::brand).distinct().sorted().toList();
  }

  public boolean isEmpty() {
    return jdbi.withHandle(h -> h.createQuery("SELECT NOT EXISTS (SELECT 1 FROM ppob_products WHERE listed)")
        .mapTo(Boolean.class).one());
  }

  private static List<CatalogueProduct> listed(Handle h) {
    return h.createQuery("SELECT " + COLUMNS + " FROM ppob_products WHERE listed").map((rs, ctx) -> map(rs)).list();
  }

  static CatalogueProduct map(ResultSet rs) throws SQLException {
    return new CatalogueProduct(
        rs.getString("sku"), rs.getString("product_name"), rs.getString("category"), rs.getString("brand"),
        rs.getString("type"), Money.rupiah(rs.getLong("price")), rs.getBoolean("postpaid"),
        rs.getBoolean("buyer_active"), rs.getBoolean("seller_active"), rs.getBoolean("unlimited_stock"),
        rs.getLong("stock"), rs.getString("start_cut_off"), rs.getString("end_cut_off"),
        rs.getString("description"), rs.getBoolean("listed"));
  }
}
