package id.bizpro.bizcash.ppob;

import id.bizpro.bizcash.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A built-in provider for the console, so a newcomer can try every PPOB flow without an account at
 * a real one. It is labelled as a simulation wherever users see PPOB; nothing it "sells" is real.
 * Every purchase succeeds at once, except to a customer number ending in {@code 0000}, which fails
 * (to show the refund). {@link #raisePrice} makes a product dearer from now on (as a seller would
 * between two catalogue syncs), to show the live price check before a hold. Thread-safe.
 */
public final class SimulatedProvider implements PpobProvider {
  private final Map<String, Answer> transactions = new ConcurrentHashMap<>();
  private final AtomicLong deposit = new AtomicLong(50_000_000);
  private final List<Product> products = new ArrayList<>();
  private final Map<String, Long> rises = new ConcurrentHashMap<>();

  public SimulatedProvider() {
    for (Operators.Operator o : Operators.Operator.values()) {
      for (long n : new long[] {5_000, 10_000, 25_000, 50_000, 100_000}) {
        products.add(prepaid(o.name().toLowerCase() + n / 1000, o.label() + " " + Money.rupiah(n).digits(), "Pulsa",
            o.brand(), n + 1_500));
      }
      products.add(prepaid(o.name().toLowerCase() + "d5gb", o.label() + " Data 5 GB / 30 hari", "Data", o.brand(), 45_000));
      products.add(prepaid(o.name().toLowerCase() + "d15gb", o.label() + " Data 15 GB / 30 hari", "Data", o.brand(), 95_000));
    }
    for (long n : new long[] {20_000, 50_000, 100_000, 200_000}) {
      products.add(prepaid("pln" + n / 1000, "Token PLN " + Money.rupiah(n).digits(), "PLN", "PLN", n + 500));
    }
    for (String b : List.of("GO PAY", "OVO", "DANA", "SHOPEE PAY", "LinkAja")) {
      for (long n : new long[] {20_000, 50_000, 100_000}) {
        products.add(prepaid(b.replace(" ", "").toLowerCase() + n / 1000, b + " " + Money.rupiah(n).digits(), "E-Money",
            b, n + 1_000));
      }
    }
  }

  private final Map<String, Bill> bills = new ConcurrentHashMap<>();
  private final List<Product> postpaid = List.of(
      new Product("plnpasca", "PLN Pascabayar", "Pascabayar", "PLN PASCABAYAR", "Pascabayar", Money.rupiah(2_500), true,
          true, true, true, 0, "", "", "Tagihan listrik (simulasi)"),
      new Product("bpjs", "BPJS Kesehatan", "Pascabayar", "BPJS KESEHATAN", "Pascabayar", Money.rupiah(2_500), true,
          true, true, true, 0, "", "", "Iuran BPJS Kesehatan (simulasi)"));

  private static Product prepaid(String sku, String name, String category, String brand, long price) {
    return new Product(sku, name, category, brand, "Umum", Money.rupiah(price), false, true, true, true, 0, "", "",
        name + " (simulasi)");
  }

  @Override
  public boolean simulated() {
    return true;
  }

  @Override
  public List<Product> priceList(boolean postpaid) {
    return postpaid ? this.postpaid : products.stream().map(this::priced).toList();
  }

  /** From now on {@code sku} costs {@code rupiah} more than its list price (the live check and purchases see it). */
  public void raisePrice(String sku, long rupiah) {
    rises.merge(sku, rupiah, Long::sum);
  }

  private Product priced(Product p) {
    long rise = rises.getOrDefault(p.sku(), 0L);
    return rise == 0 ? p : new Product(p.sku(), p.name(), p.category(), p.brand(), p.type(), p.price().plus(Money.rupiah(rise)),
        p.postpaid(), p.buyerActive(), p.sellerActive(), p.unlimitedStock(), p.stock(), p.startCutOff(), p.endCutOff(),
        p.description());
  }

  @Override
  public Optional<Product> livePrice(String sku) {
    return products.stream().filter(x -> x.sku().equals(sku)).findFirst().map(this::priced);
  }

  @Override
  public Answer transaction(String sku, String customerNo, String refId, Money maxPrice) {
    return transactions.computeIfAbsent(refId, r -> {
      Optional<Product> p = livePrice(sku);
      if (p.isEmpty() || customerNo.endsWith("0000")) {
        return new Answer(r, Status.FAILED, "54", "Nomor tujuan salah (simulasi)", Optional.empty(), Optional.empty(),
            Optional.of(Money.rupiah(deposit.get())), customerNo, sku);
      }
      if (maxPrice.isPositive() && maxPrice.isLessThan(p.get().price())) {
        return new Answer(r, Status.FAILED, "69", "Harga seller lebih besar dari ketentuan harga Buyer (simulasi)",
            Optional.empty(), Optional.empty(), Optional.of(Money.rupiah(deposit.get())), customerNo, sku);
      }
      long left = deposit.addAndGet(-p.get().price().rupiah());
      String sn = p.get().category().equals("PLN")
          ? tokenFor(r) + "/SIMULASI/R1/1300VA/" + (p.get().price().rupiah() / 1445) + ",5"
          : "SIM" + Math.abs(r.hashCode());
      return new Answer(r, Status.SUCCESS, "00", "Transaksi Sukses (simulasi)", Optional.of(sn),
          Optional.of(p.get().price()), Optional.of(Money.rupiah(left)), customerNo, sku);
    });
  }

  private static String tokenFor(String refId) {
    StringBuilder s = new StringBuilder();
    long seed = Integer.toUnsignedLong(refId.hashCode()) * 2654435761L;
    while (s.length() < 20) {
      seed = seed * 6364136223846793005L + 1442695040888963407L;
      s.append(Long.toUnsignedString(seed >>> 33).charAt(0));
    }
    return s.toString();
  }

  @Override
  public Bill inquireBill(String sku, String customerNo, String refId) throws Refused {
    if (customerNo.endsWith("0000")) {
      throw new Refused("Tagihan sudah terbayar (simulasi)");
    }
    return bills.computeIfAbsent(refId, r -> new Bill(r, customerNo, "PELANGGAN SIMULASI", Money.rupiah(152_500),
        Money.rupiah(2_500), Money.rupiah(150_000), List.of("202611")));
  }

  @Override
  public Answer payBill(String sku, String customerNo, String refId) {
    Bill bill = bills.get(refId);
    return transactions.computeIfAbsent(refId, r -> bill == null
        ? new Answer(r, Status.FAILED, "50", "Transaksi tidak ditemukan (simulasi)", Optional.empty(), Optional.empty(),
            Optional.of(Money.rupiah(deposit.get())), customerNo, sku)
        : new Answer(r, Status.SUCCESS, "00", "Transaksi Sukses (simulasi)", Optional.of("SIMPASCA" + Math.abs(r.hashCode())),
            Optional.of(bill.price()), Optional.of(Money.rupiah(deposit.addAndGet(-bill.price().rupiah()))), customerNo, sku));
  }

  @Override
  public Answer billStatus(String sku, String customerNo, String refId) {
    Answer paid = transactions.get(refId);
    return paid != null ? paid
        : new Answer(refId, Status.FAILED, "50", "Transaksi tidak ditemukan (simulasi)", Optional.empty(), Optional.empty(),
            Optional.of(Money.rupiah(deposit.get())), customerNo, sku);
  }

  @Override
  public Optional<PlnCustomer> inquiryPln(String customerNo) {
    return Optional.of(new PlnCustomer(customerNo, customerNo, "PELANGGAN SIMULASI", "R1 /000001300"));
  }

  @Override
  public Money deposit() {
    return Money.rupiah(deposit.get());
  }
}
