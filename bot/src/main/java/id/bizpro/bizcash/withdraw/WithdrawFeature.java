package id.bizpro.bizcash.withdraw;

import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.conversation.Amounts;
import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions.PendingAction;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.MoneyOutFeature;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /withdraw}: pick a saved bank account (or add one, in settings) → amount → confirmation
 * with fee, total and the latest payout date → PIN → a {@code WD-…} request with the money on
 * hold. Thread-safe.
 */
public final class WithdrawFeature implements Feature {
  static final String KIND = "withdraw";

  /** What the confirm button will request. Stored with the pending action. */
  public record Payload(long bankAccountId, long amountRupiah) {}

  private final BotServices services;
  private final MoneyOutFeature moneyOut;

  public WithdrawFeature(BotServices services, MoneyOutFeature moneyOut) {
    this.services = services;
    this.moneyOut = moneyOut;
  }

  @Override
  public void register(Router router) {
    router.command("withdraw", "command.withdraw", (t, args) -> start(t));
    router.menuButton("menu.withdraw", "withdraw");
    router.callback("wd", this::press);
    router.flow(
        WithdrawState.class,
        Map.of("withdraw.account", WithdrawState.AwaitingAccount.class, "withdraw.amount", WithdrawState.AwaitingAmount.class),
        this::step);
    router.executor(KIND, this::execute);
  }

  private void start(Turn t) {
    t.abandonFlow();
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    List<BankAccount> accounts = services.bankAccounts().list(t.user().id());
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    for (BankAccount a : accounts) {
      rows.add(List.of(Keyboards.button(a.maskedLabel(), "wd:acc:" + a.id())));
    }
    // Adding an account is a settings flow; it comes back here when asked to with ":w".
    rows.add(List.of(Keyboards.button(t.t("button.add_account"), "set:add:w")));
    t.go(new WithdrawState.AwaitingAccount());
    t.send(accounts.isEmpty() ? t.t("withdraw.no_account") : t.t("withdraw.pick_account"), Keyboards.inline(rows));
  }

  /** Asks for the amount to {@code account}; also called after an account was added for this. */
  public void askAmount(Turn t, BankAccount account) {
    t.go(new WithdrawState.AwaitingAmount(account.id()));
    Money balance = services.ledger().balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("withdraw.ask_amount", Html.escape(account.maskedLabel()), balance.format(),
        services.rules().withdrawalMin().format(), services.rules().withdrawalFee().format()));
  }

  private void step(Turn t, WithdrawState state, Input input) {
    if (!(input instanceof Input.Text text)) {
      t.send(t.t("input.text_needed"));
      return;
    }
    switch (state) {
      case WithdrawState.AwaitingAccount a -> t.send(t.t("withdraw.use_buttons"));
      case WithdrawState.AwaitingAmount a -> Amounts.read(t, text.text()).ifPresent(m -> quote(t, a.bankAccountId(), m));
    }
  }

  private void quote(Turn t, long accountId, Money amount) {
    Optional<BankAccount> account = services.bankAccounts().find(t.handle(), t.user().id(), accountId);
    if (account.isEmpty()) {
      t.endFlow();
      t.send(t.t("withdraw.account_gone"), t.menu());
      return;
    }
    switch (services.withdrawals().quote(t.user().id(), amount)) {
      case Withdrawals.Quote.BelowMinimum b -> t.send(t.t("withdraw.below_min", b.minimum().format()) + "\n" + t.t("amount.try_again"));
      case Withdrawals.Quote.InsufficientFunds f ->
          t.send(t.t("withdraw.insufficient", f.balance().format(), f.total().format()) + "\n" + t.t("amount.try_again"));
      case Withdrawals.Quote.Ok q ->
          moneyOut.askToConfirm(t, KIND, new Payload(accountId, amount.rupiah()),
              t.t("withdraw.confirm", q.amount().format(), q.fee().format(), q.total().format(),
                  Html.escape(account.get().maskedLabel()), date(t, q.dueDate())));
    }
  }

  private static String date(Turn t, java.time.LocalDate d) {
    return t.messages().date(t.language(), d.atTime(12, 0).atZone(Messages.WIB).toInstant());
  }

  private void press(Turn t, String data) {
    if (data.startsWith("acc:") && data.substring(4).matches("\\d{1,18}") && t.state() instanceof WithdrawState.AwaitingAccount) {
      Optional<BankAccount> a = services.bankAccounts().find(t.handle(), t.user().id(), Long.parseLong(data.substring(4)));
      if (a.isPresent()) {
        t.answer(a.get().maskedLabel());
        askAmount(t, a.get());
        return;
      }
    }
    t.answer(t.t("action.expired"));
  }

  private boolean execute(Turn t, PendingAction action) {
    Payload p = action.payload(services.json(), Payload.class);
    Money amount = Money.rupiah(p.amountRupiah());
    var result = services.withdrawals().request(t.handle(), action.idempotencyKey(), t.user().id(), p.bankAccountId(), amount);
    switch (result) {
      case Withdrawals.RequestResult.Requested r -> receipt(t, r.withdrawal());
      case Withdrawals.RequestResult.AlreadyRequested r -> receipt(t, r.withdrawal());
      case Withdrawals.RequestResult.BelowMinimum b -> t.send(t.t("withdraw.below_min", b.minimum().format()), t.menu());
      case Withdrawals.RequestResult.InsufficientFunds f ->
          t.send(t.t("withdraw.insufficient", f.balance().format(), f.total().format()), t.menu());
      case Withdrawals.RequestResult.BankAccountNotFound n -> t.send(t.t("withdraw.account_gone"), t.menu());
      case Withdrawals.RequestResult.TooManyPending m -> t.send(t.t("limit.pending_withdrawals", m.max()), t.menu());
      case Withdrawals.RequestResult.DailyLimitExceeded d ->
          t.send(t.t("limit.daily_money_out", d.limit().format(), d.usedToday().format()), t.menu());
    }
    return result instanceof Withdrawals.RequestResult.Requested || result instanceof Withdrawals.RequestResult.AlreadyRequested;
  }

  private void receipt(Turn t, id.bizpro.bizcash.withdrawal.Withdrawal w) {
    Money balance = services.ledger().balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("withdraw.receipt", Html.code(w.reference()), w.amount().format(), Html.escape(w.account().maskedLabel()),
        date(t, w.dueDate()), w.total().format(), balance.format()), t.menu());
  }
}
