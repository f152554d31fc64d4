package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.ppob.CatalogueProduct;
import id.bizpro.bizcash.ppob.PpobProvider;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.ppob.PpobSettings.Category;
import java.util.Optional;

/** The postpaid bill step of /bayar (Tagihan): customer number → inquiry → confirmation. Stateless. */
record PpobBills(PpobService ppob, Ledger ledger, MoneyOut moneyOut) {
  /**
   * The customer number of a bill: the provider's inquiry (outside the turn's transaction; the turn
   * runs again with its answer), then the confirmation with the bill's name, periods and total.
   */
  void number(Turn t, PpobState.AwaitingBillNo state, String raw) {
    String number = raw.strip().replaceAll("[\\s\\-.]", "");
    if (!number.matches("\\d{6,20}")) {
      t.send(t.t("ppob.bill.bad_number"));
      return;
    }
    Optional<CatalogueProduct> product = ppob.catalogue().find(t.handle(), state.sku());
    if (product.isEmpty()) {
      t.endFlow();
      t.send(t.t("ppob.no_such_product"), t.menu());
      return;
    }
    if (!PpobFeature.unavailableTold(t, product.get().availability(t.now()))) {
      return;
    }
    // The inquiry is made outside the turn's transaction (the turn runs again with its answer).
    PpobProvider.Bill bill;
    switch (t.outside("ppob.bill:" + state.sku() + ":" + number,
        () -> ProviderRead.of(() -> ppob.inquireBill(state.sku(), number)))) {
      case ProviderRead.Answered<PpobProvider.Bill> a -> bill = a.value();
      case ProviderRead.Refused<PpobProvider.Bill> r -> {
        t.send(t.t("ppob.bill.none", Html.code(number), Html.escape(r.message())));
        return;
      }
      case ProviderRead.NoAnswer<PpobProvider.Bill> n -> {
        t.endFlow();
        t.send(t.t("ppob.bill.unavailable"), t.menu());
        return;
      }
    }
    if (!moneyOut.ensureUnlocked(t)) {
      t.endFlow();
      return;
    }
    Money sell = bill.price().plus(ppob.settings().markup().forCategory(Category.PASCA));
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    String summary = t.t("ppob.bill.confirm", Html.escape(product.get().name()), Html.code(number),
        Html.escape(bill.customerName()), Html.escape(String.join(", ", bill.periods())), bill.billAmount().format(),
        sell.minus(bill.billAmount()).format(), sell.format(), balance.format()) + PpobFeature.simulationNote(t, ppob);
    if (balance.isLessThan(sell)) {
      t.endFlow();
      t.send(summary + "\n" + t.t("ppob.insufficient", balance.format(), sell.format()), t.menu());
      return;
    }
    moneyOut.askToConfirm(t, PpobFeature.KIND, new PpobCheckout.Payload(state.sku(), number, sell, bill.refId(), bill.price(), null), summary);
  }
}
