package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.ppob.CatalogueProduct;
import id.bizpro.bizcash.ppob.Operators;
import id.bizpro.bizcash.ppob.PpobProvider;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.ppob.PpobSettings.Category;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /bayar} (menu button "Bayar & Beli"): pulsa and data (phone number → operator from the
 * prefix → product buttons), PLN tokens (meter number → the provider's name check → nominal),
 * e-money (brand → phone number → nominal); each → confirmation → PIN → the purchase held and
 * handed to the provider; the receipt (SN or token) follows when the provider answers. One-line
 * {@code /pulsa 081234567890 50000}. The admins' commands are {@link PpobAdminFeature}. Registered
 * only when PPOB is configured (or simulated in the console). Thread-safe.
 */
public record PpobFeature(PpobService ppob, Ledger ledger, MoneyOut moneyOut)
    implements Feature {
  /** The pending-action kind this feature asks to confirm and carries out ({@link #execute}). */
  public static final String KIND = "ppob";
  private static final List<String> EMONEY = List.of("GO PAY", "OVO", "DANA", "SHOPEE PAY", "LinkAja");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  @Override
  public void register(Router router) {
    router.command("bayar", "ppob.command.bayar", (t, args) -> start(t));
    router.command("pulsa", null, this::pulsaOneLine);
    router.menuButton("ppob.menu", "bayar");
    router.callback("pp", this::press);
    router.flow(PpobState.class, Map.of(
        "ppob.category", PpobState.ChoosingCategory.class,
        "ppob.brand", PpobState.ChoosingBrand.class,
        "ppob.phone", PpobState.AwaitingPhone.class,
        "ppob.meter", PpobState.AwaitingMeter.class,
        "ppob.product", PpobState.ChoosingProduct.class,
        "ppob.bill", PpobState.ChoosingBill.class,
        "ppob.bill_no", PpobState.AwaitingBillNo.class), this::step);
  }

  private PpobBills bills() {
    return new PpobBills(ppob, ledger, moneyOut);
  }

  private String simulationNote(Turn t) {
    return simulationNote(t, ppob);
  }

  /** The line that says the provider is the console's simulation, or nothing. */
  static String simulationNote(Turn t, PpobService ppob) {
    return ppob.simulated() ? "\n" + t.t("ppob.simulation") : "";
  }

  private void start(Turn t) {
    t.abandonFlow();
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    if (ppob.catalogue().isEmpty()) {
      t.send(t.t("ppob.unavailable"), t.menu());
      return;
    }
    t.go(new PpobState.ChoosingCategory());
    t.send(t.t("ppob.pick_category") + simulationNote(t), Keyboards.inline(
        List.of(Keyboards.button(t.t("ppob.category.pulsa"), "pp:c:PULSA"), Keyboards.button(t.t("ppob.category.data"), "pp:c:DATA")),
        List.of(Keyboards.button(t.t("ppob.category.pln"), "pp:c:PLN"), Keyboards.button(t.t("ppob.category.emoney"), "pp:c:EMONEY")),
        List.of(Keyboards.button(t.t("ppob.category.pasca"), "pp:c:PASCA"))));
  }

  private void press(Turn t, String data) {
    String[] p = data.split(":", 2);
    if (p.length != 2) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    switch (p[0]) {
      case "c" -> category(t, p[1]);
      case "b" -> {
        if (t.state() instanceof PpobState.ChoosingBrand && EMONEY.contains(p[1])) {
          t.answer(p[1]);
          t.go(new PpobState.AwaitingPhone(Category.EMONEY.name(), p[1]));
          t.send(t.t("ppob.ask_emoney_phone", Html.escape(p[1])));
        } else {
          t.answer(t.t("action.expired"));
        }
      }
      case "s" -> {
        // Only a product offered for this destination: a forged sku of another kind is not bought.
        if (t.state() instanceof PpobState.ChoosingProduct c && ppob.catalogue().find(t.handle(), p[1])
            .filter(x -> x.category().name().equals(c.category())
                && (c.brand().isBlank() || Operators.sameBrand(x.brand(), c.brand())))
            .isPresent()) {
          t.answer(t.t("ppob.checking"));
          confirm(t, p[1], c.customerNo(), c.customerName());
        } else {
          t.answer(t.t("action.expired"));
        }
      }
      case "a" -> again(t, p[1]);
      case "p" -> {
        Optional<CatalogueProduct> bill = ppob.catalogue().find(t.handle(), p[1])
            .filter(x -> x.category() == Category.PASCA);
        if (t.state() instanceof PpobState.ChoosingBill && bill.isPresent()) {
          t.answer(bill.get().name());
          t.go(new PpobState.AwaitingBillNo(bill.get().sku()));
          t.send(t.t("ppob.bill.ask_number", Html.escape(bill.get().name())));
        } else {
          t.answer(t.t("action.expired"));
        }
      }
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  private void category(Turn t, String name) {
    if (!(t.state() instanceof PpobState.ChoosingCategory)) {
      t.answer(t.t("action.expired"));
      return;
    }
    t.answer(t.t("ppob.category." + name.toLowerCase()));
    switch (name) {
      case "PULSA", "DATA" -> {
        t.go(new PpobState.AwaitingPhone(name, ""));
        t.send(t.t("ppob.ask_phone"));
      }
      case "PLN" -> {
        t.go(new PpobState.AwaitingMeter());
        t.send(t.t("ppob.ask_meter"));
      }
      case "EMONEY" -> {
        t.go(new PpobState.ChoosingBrand());
        List<List<InlineKeyboardButton>> rows = new ArrayList<>();
        for (String b : EMONEY) {
          rows.add(List.of(Keyboards.button(b, "pp:b:" + b)));
        }
        t.send(t.t("ppob.pick_emoney"), Keyboards.inline(rows));
      }
      case "PASCA" -> {
        List<CatalogueProduct> bills = ppob.catalogue().ofCategory(t.handle(), Category.PASCA).stream()
            .filter(b -> b.availability(t.now()) instanceof CatalogueProduct.Availability.Available).limit(30).toList();
        if (bills.isEmpty()) {
          t.endFlow();
          t.send(t.t("ppob.no_products"), t.menu());
          return;
        }
        List<List<InlineKeyboardButton>> rows = new ArrayList<>();
        for (CatalogueProduct b : bills) {
          rows.add(List.of(Keyboards.button(b.name(), "pp:p:" + b.sku())));
        }
        t.go(new PpobState.ChoosingBill());
        t.send(t.t("ppob.bill.pick"), Keyboards.inline(rows));
      }
      default -> t.send(t.t("callback.invalid"));
    }
  }

  /** Postpaid: the customer number → the provider's bill → the confirmation with bill, admin fee and total. */
  private void step(Turn t, PpobState state, Input input) {
    if (!(input instanceof Input.Text text)) {
      t.send(t.t("input.text_needed"));
      return;
    }
    switch (state) {
      case PpobState.ChoosingCategory c -> t.send(t.t("ppob.use_buttons"));
      case PpobState.ChoosingBrand c -> t.send(t.t("ppob.use_buttons"));
      case PpobState.ChoosingProduct c -> t.send(t.t("ppob.use_buttons"));
      case PpobState.AwaitingPhone a -> phone(t, a, text.text());
      case PpobState.AwaitingMeter m -> meter(t, text.text());
      case PpobState.ChoosingBill c -> t.send(t.t("ppob.use_buttons"));
      case PpobState.AwaitingBillNo b -> bills().number(t, b, text.text());
    }
  }

  private void phone(Turn t, PpobState.AwaitingPhone a, String raw) {
    Optional<String> number = Operators.normalise(raw);
    if (number.isEmpty()) {
      t.send(t.t("ppob.bad_phone"));
      return;
    }
    Category category = Category.valueOf(a.category());
    String brand;
    String shown;
    if (category == Category.EMONEY) {
      brand = a.brand();
      shown = t.t("ppob.destination", Html.code(number.get()), Html.escape(brand));
    } else {
      Optional<Operators.Operator> op = Operators.of(number.get());
      if (op.isEmpty()) {
        t.send(t.t("ppob.unknown_operator", Html.code(number.get())));
        return;
      }
      brand = op.get().brand();
      shown = t.t("ppob.destination", Html.code(number.get()), Html.escape(op.get().label()));
    }
    products(t, category, brand, number.get(), "", shown);
  }

  private void meter(Turn t, String raw) {
    String meter = raw.strip().replaceAll("[\\s\\-]", "");
    if (!meter.matches("\\d{11,12}")) {
      t.send(t.t("ppob.bad_meter"));
      return;
    }
    String name = "";
    String shown;
    switch (plnNameCheck(t, meter)) {
      case ProviderRead.Answered<Optional<PpobProvider.PlnCustomer>> a when a.value().isPresent() -> {
        PpobProvider.PlnCustomer c = a.value().get();
        name = c.name();
        shown = t.t("ppob.pln.customer", Html.code(meter), Html.escape(c.name()), Html.escape(c.segmentPower()));
      }
      case ProviderRead.Answered<Optional<PpobProvider.PlnCustomer>> a -> shown = t.t("ppob.pln.no_inquiry", Html.code(meter));
      case ProviderRead.Refused<Optional<PpobProvider.PlnCustomer>> r -> {
        t.send(t.t("ppob.pln.not_found", Html.code(meter), Html.escape(r.message())));
        return;
      }
      case ProviderRead.NoAnswer<Optional<PpobProvider.PlnCustomer>> n -> shown = t.t("ppob.pln.no_inquiry", Html.code(meter));
    }
    products(t, Category.PLN, "PLN", meter, name, shown);
  }

  /** The PLN name check, made outside the turn's transaction (the turn runs again with its answer). */
  private ProviderRead<Optional<PpobProvider.PlnCustomer>> plnNameCheck(Turn t, String meter) {
    return t.outside("ppob.pln:" + meter, () -> ProviderRead.of(() -> ppob.inquiryPln(meter)));
  }

  private void products(Turn t, Category category, String brand, String customerNo, String customerName, String shown) {
    List<CatalogueProduct> list = ppob.catalogue().ofBrand(t.handle(), category, brand).stream()
        .filter(p -> p.availability(t.now()) instanceof CatalogueProduct.Availability.Available)
        .limit(30)
        .toList();
    if (list.isEmpty()) {
      t.endFlow();
      t.send(shown + "\n" + t.t("ppob.no_products"), t.menu());
      return;
    }
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    for (CatalogueProduct p : list) {
      rows.add(List.of(Keyboards.button(
          t.t("ppob.product_button", p.name(), p.sellPrice(ppob.settings().markup()).format()), "pp:s:" + p.sku())));
    }
    t.go(new PpobState.ChoosingProduct(category.name(), brand, customerNo, customerName));
    t.send(shown + "\n" + t.t("ppob.pick_product"), Keyboards.inline(rows));
  }

  /** The confirmation for {@code sku} to {@code customerNo}, at the current sell price. */
  private void confirm(Turn t, String sku, String customerNo, String customerName) {
    Optional<CatalogueProduct> found = ppob.catalogue().find(t.handle(), sku);
    if (found.isEmpty()) {
      t.send(t.t("ppob.no_such_product"));
      return;
    }
    CatalogueProduct p = found.get();
    if (!unavailableTold(t, p.availability(t.now()))) {
      return;
    }
    if (!moneyOut.ensureUnlocked(t)) {
      t.endFlow();
      return;
    }
    Money sell = p.sellPrice(ppob.settings().markup());
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    if (balance.isLessThan(sell)) {
      t.send(t.t("ppob.insufficient", balance.format(), sell.format()), t.menu());
      t.endFlow();
      return;
    }
    String who = customerName.isBlank() ? "" : "\n" + t.t("ppob.confirm.name", Html.escape(customerName));
    moneyOut.askToConfirm(t, KIND, new PpobCheckout.Payload(sku, customerNo, sell, customerName),
        t.t("ppob.confirm", Html.escape(p.name()), Html.code(customerNo), sell.format(), balance.format()) + who
            + simulationNote(t));
  }

  /** False (the user told why) when the product cannot be bought now. */
  static boolean unavailableTold(Turn t, CatalogueProduct.Availability a) {
    switch (a) {
      case CatalogueProduct.Availability.Available ok -> {
        return true;
      }
      case CatalogueProduct.Availability.CutOff c -> t.send(t.t("ppob.cut_off", c.returnsAt().format(HH_MM)));
      case CatalogueProduct.Availability.OutOfStock o -> t.send(t.t("ppob.out_of_stock"));
      case CatalogueProduct.Availability.Off o -> t.send(t.t("ppob.product_off"));
    }
    return false;
  }

  /** {@code /pulsa 081234567890 50000}: straight to the confirmation. */
  private void pulsaOneLine(Turn t, String args) {
    t.abandonFlow();
    String[] parts = args.strip().split("\\s+");
    if (parts.length < 2) {
      t.send(t.t("ppob.pulsa.usage"), t.menu());
      return;
    }
    String amountText = parts[parts.length - 1].replace(".", "");
    String phoneText = String.join("", java.util.Arrays.copyOf(parts, parts.length - 1));
    Optional<String> number = Operators.normalise(phoneText);
    if (number.isEmpty()) {
      t.send(t.t("ppob.bad_phone") + "\n" + t.t("ppob.pulsa.usage"), t.menu());
      return;
    }
    Optional<Operators.Operator> op = Operators.of(number.get());
    if (op.isEmpty()) {
      t.send(t.t("ppob.unknown_operator", Html.code(number.get())), t.menu());
      return;
    }
    if (!amountText.matches("\\d{1,9}")) {
      t.send(t.t("ppob.pulsa.usage"), t.menu());
      return;
    }
    long nominal = Long.parseLong(amountText);
    List<CatalogueProduct> list = ppob.catalogue().ofBrand(t.handle(), Category.PULSA, op.get().brand());
    Optional<CatalogueProduct> match = list.stream().filter(p -> p.nominal().orElse(-1L) == nominal).findFirst();
    if (match.isEmpty()) {
      String nominals = String.join(", ", list.stream().map(CatalogueProduct::nominal).flatMap(Optional::stream)
          .distinct().map(n -> Money.rupiah(n).digits()).toList());
      t.send(t.t("ppob.pulsa.no_nominal", Money.rupiah(nominal).digits(), Html.escape(op.get().label()),
          nominals.isEmpty() ? "-" : nominals), t.menu());
      return;
    }
    t.send(t.t("ppob.destination", Html.code(number.get()), Html.escape(op.get().label())));
    t.go(new PpobState.ChoosingProduct(Category.PULSA.name(), op.get().brand(), number.get(), ""));
    confirm(t, match.get().sku(), number.get(), "");
  }

  /** "Beli lagi" on a receipt: the same product to the same number, at today's price. */
  private void again(Turn t, String reference) {
    Optional<PpobPurchase> p = ppob.purchases().byReference(t.handle(), reference)
        .filter(x -> x.userId() == t.user().id());
    if (p.isEmpty()) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    t.answer(t.t("ppob.checking"));
    t.abandonFlow();
    if (p.get().categoryEnum() == Category.PASCA) {
      PpobState.AwaitingBillNo state = new PpobState.AwaitingBillNo(p.get().sku());
      t.go(state);
      bills().number(t, state, p.get().customerNo());
      return;
    }
    // A token goes to whoever owns the meter today: its name is checked again and shown.
    String name = "";
    if (p.get().categoryEnum() == Category.PLN) {
      switch (plnNameCheck(t, p.get().customerNo())) {
        case ProviderRead.Refused<Optional<PpobProvider.PlnCustomer>> r -> {
          t.endFlow();
          t.send(t.t("ppob.pln.not_found", Html.code(p.get().customerNo()), Html.escape(r.message())), t.menu());
          return;
        }
        case ProviderRead.Answered<Optional<PpobProvider.PlnCustomer>> a ->
            name = a.value().map(PpobProvider.PlnCustomer::name).orElse("");
        case ProviderRead.NoAnswer<Optional<PpobProvider.PlnCustomer>> n -> name = "";
      }
    }
    t.go(new PpobState.ChoosingProduct(p.get().category(), "", p.get().customerNo(), name));
    confirm(t, p.get().sku(), p.get().customerNo(), name);
  }
}
