package id.bizpro.bizcash.topup;

import id.bizpro.bizcash.conversation.Amounts;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.money.References;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * {@code /topup}: an amount (quick buttons or typed) becomes an order with a reference, fee, unique
 * code and the one total to pay, BizPro's bank accounts and the expiry; buttons check its status
 * or cancel it; with Midtrans configured, a "pay now" button opens the Snap payment page. At most
 * the configured number of open orders. Thread-safe.
 */
public record TopUpFeature(
    MoneyRules rules,
    TopUpOrders orders,
    List<PayeeAccount> payTo,
    PaymentLinks paymentLinks) implements Feature {
  private static final long[] QUICK = {50_000, 100_000, 250_000, 500_000, 1_000_000};
  /** The quick amounts' labels, in the user's language ("50rb" / "50k"). */
  private static final String[] QUICK_LABEL_KEYS = {"topup.quick.50", "topup.quick.100", "topup.quick.250", "topup.quick.500", "topup.quick.1000"};

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TopUpFeature.class);

  /**
   * @param payTo BizPro's bank accounts shown on top-up orders
   * @param paymentLinks the gateway's payment pages for new orders ({@link PaymentLinks#none()}
   *     without Midtrans)
   */
  public TopUpFeature {
    payTo = List.copyOf(payTo);
  }

  @Override
  public void register(Router router) {
    router.command("topup", "command.topup", this::start);
    router.menuButton("menu.topup", "topup");
    router.callback("tu", this::press);
    router.flow(TopUpState.class, Map.of("topup.amount", TopUpState.AwaitingAmount.class), this::step);
  }

  private void start(Turn t, String args) {
    t.abandonFlow();
    t.go(new TopUpState.AwaitingAmount());
    if (!args.isBlank()) {
      Amounts.read(t, args).ifPresent(a -> create(t, a));
      return;
    }
    t.send(
        t.t("topup.ask_amount", rules.topUpMin().format(), rules.topUpMax().format()),
        Keyboards.inline(
            List.of(
                Keyboards.button(t.t(QUICK_LABEL_KEYS[0]), "tu:amt:" + QUICK[0]),
                Keyboards.button(t.t(QUICK_LABEL_KEYS[1]), "tu:amt:" + QUICK[1]),
                Keyboards.button(t.t(QUICK_LABEL_KEYS[2]), "tu:amt:" + QUICK[2])),
            List.of(Keyboards.button(t.t(QUICK_LABEL_KEYS[3]), "tu:amt:" + QUICK[3]), Keyboards.button(t.t(QUICK_LABEL_KEYS[4]), "tu:amt:" + QUICK[4]))));
  }

  private void step(Turn t, TopUpState state, Input input) {
    switch (state) {
      case TopUpState.AwaitingAmount a -> {
        if (input instanceof Input.Text text) {
          Amounts.read(t, text.text()).ifPresent(m -> create(t, m));
        } else {
          t.send(t.t("input.text_needed"));
        }
      }
    }
  }

  private void create(Turn t, Money amount) {
    switch (orders.create(t.user().id(), amount)) {
      case id.bizpro.bizcash.topup.TopUpOrders.CreateResult.Created c -> {
        t.endFlow();
        sendOrder(t, c.order());
      }
      case id.bizpro.bizcash.topup.TopUpOrders.CreateResult.BelowMinimum b ->
          t.send(t.t("topup.below_min", b.minimum().format()) + "\n" + t.t("amount.try_again"));
      case id.bizpro.bizcash.topup.TopUpOrders.CreateResult.AboveMaximum m ->
          t.send(t.t("topup.above_max", m.maximum().format()) + "\n" + t.t("amount.try_again"));
      case id.bizpro.bizcash.topup.TopUpOrders.CreateResult.TooManyOpen o -> {
        t.endFlow();
        t.send(t.t("topup.too_many", o.limit()), t.menu());
      }
      case id.bizpro.bizcash.topup.TopUpOrders.CreateResult.WouldExceedCap w ->
          t.send(t.t("topup.cap_room", w.cap().format(), w.balance().format(), w.room().format()) + "\n"
              + t.t("amount.try_again"));
      case id.bizpro.bizcash.topup.TopUpOrders.CreateResult.NoFreeCode n ->
          t.send(t.t("topup.no_free_code") + "\n" + t.t("amount.try_again"));
    }
  }

  private String orderText(Turn t, TopUpOrder o) {
    StringBuilder s = new StringBuilder();
    // No alignment by spaces (Telegram's font is proportional); the total as people read it, and
    // its bare digits in <code> to copy into a banking app.
    s.append(t.t("topup.order", Html.code(o.reference()), o.amount().format(), o.fee().format(), o.uniqueCode().format(),
        o.total().format(), Html.code(o.total().plain())));
    for (PayeeAccount p : payTo) {
      s.append('\n').append(t.t("topup.pay_to", Html.escape(p.bankName()), Html.code(p.accountNumber()), Html.escape(p.holderName())));
      if (p.isExample()) {
        s.append(' ').append(t.t("topup.pay_to.example"));
      }
    }
    s.append('\n').append(t.t("topup.expires", t.dateTime(o.expiresAt())));
    return s.toString();
  }

  /**
   * The order message. The gateway's payment page (Midtrans Snap, up to 5 s) is asked for after the
   * turn commits, so the wait holds neither the chat's lock nor a database connection, and the
   * order (created in the turn's transaction) already exists when Midtrans calls back about it.
   * Without a link — no gateway, or it failed — the message still carries the bank-transfer
   * instructions.
   */
  private void sendOrder(Turn t, TopUpOrder o) {
    String payLabel = t.t("button.pay_online");
    String statusLabel = t.t("button.check_status");
    String cancelLabel = t.t("button.cancel_order");
    String text = orderText(t, o);
    t.sendAfterCommit(() -> {
      Optional<String> url = paymentLink(o);
      List<org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton> row =
          new java.util.ArrayList<>(List.of(
              Keyboards.button(statusLabel, "tu:st:" + o.reference()),
              Keyboards.button(cancelLabel, "tu:cx:" + o.reference())));
      InlineKeyboardMarkup buttons =
          url.map(u -> Keyboards.inline(List.of(Keyboards.link(payLabel, u)), row)).orElse(Keyboards.inline(row));
      return new Turn.Reply(text, buttons);
    });
  }

  private Optional<String> paymentLink(TopUpOrder o) {
    Optional<String> url = o.paymentUrl().or(() -> paymentLinks.create(o));
    url.filter(u -> o.paymentUrl().isEmpty()).ifPresent(u -> {
      try {
        orders.setPaymentUrl(o.id(), u);
      } catch (RuntimeException e) {
        // The link works whether or not we remember it; the user should still get the button.
        log.warn("Could not store the payment link of order {}", o.reference(), e);
      }
    });
    return url;
  }

  private void press(Turn t, String data) {
    if (data.startsWith("amt:") && data.substring(4).matches("\\d{1,9}") && t.state() instanceof TopUpState.AwaitingAmount) {
      t.answer(Money.rupiah(Long.parseLong(data.substring(4))).format());
      create(t, Money.rupiah(Long.parseLong(data.substring(4))));
      return;
    }
    Optional<String> ref = data.length() > 3 ? References.normalise(References.TOP_UP, data.substring(3)) : Optional.empty();
    Optional<TopUpOrder> order = ref.flatMap(r -> orders.byReference(r)).filter(o -> o.userId() == t.user().id());
    if (order.isEmpty()) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    TopUpOrder o = order.get();
    if (data.startsWith("st:")) {
      String status = t.t("topup.status." + o.status().name().toLowerCase(), Html.code(o.reference()), t.dateTime(o.expiresAt()));
      t.answer(t.t("topup.status_short." + o.status().name().toLowerCase()));
      t.send(status, t.menu());
    } else if (data.startsWith("cx:")) {
      switch (orders.cancel(t.user().id(), o.reference())) {
        case TopUpOrders.CancelResult.Cancelled c -> {
          t.answer(t.t("topup.cancelled_short"));
          t.send(t.t("topup.cancelled", Html.code(o.reference())), t.menu());
        }
        case TopUpOrders.CancelResult.NotOpen n -> t.answer(t.t("topup.status_short." + n.order().status().name().toLowerCase()));
        case TopUpOrders.CancelResult.NotFound n -> t.answer(t.t("callback.invalid"));
      }
    } else {
      t.answer(t.t("callback.invalid"));
    }
  }
}
