package id.bizpro.bizcash.withdraw;

import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.conversation.Amounts;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions.PendingAction;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.screens.WaitingWithdrawals;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /withdraw}: the withdrawals still waiting for payout, if any; pick a saved bank account (or add one, in settings) → amount → confirmation
 * with fee, total and the latest payout date → PIN → a {@code WD-…} request with the money on
 * hold. Thread-safe.
 */
public record WithdrawFeature(
    BankAccounts bankAccounts,
    Ledger ledger,
    Withdrawals withdrawals,
    MoneyRules rules,
    ObjectMapper json,
    MoneyOut moneyOut) implements Feature {
  /** The pending-action kind this feature asks to confirm and carries out ({@link #execute}). */
  public static final String KIND = "withdraw";

  /** What the confirm button will request. Stored with the pending action. */
  public record Payload(long bankAccountId, @JsonProperty("amountRupiah") Money amount) {}

  @Override
  public void register(Router router) {
    router.command("withdraw", "command.withdraw", (t, args) -> start(t));
    router.menuButton("menu.withdraw", "withdraw");
    router.callback("wd", this::press);
    router.flow(
        WithdrawState.class,
        Map.of("withdraw.account", WithdrawState.AwaitingAccount.class, "withdraw.amount", WithdrawState.AwaitingAmount.class),
        this::step);
  }

  private void start(Turn t) {
    t.abandonFlow();
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    List<BankAccount> accounts = bankAccounts.list(t.user().id());
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    for (BankAccount a : accounts) {
      rows.add(List.of(Keyboards.button(t.account(a), "wd:acc:" + a.id())));
    }
    // Adding an account is a settings flow; it comes back here when asked to with ":w".
    rows.add(List.of(Keyboards.button(t.t("button.add_account"), "set:add:w")));
    t.go(new WithdrawState.AwaitingAccount());
    String waiting = WaitingWithdrawals.of(t, withdrawals.pendingOf(t.user().id())).map(w -> w + "\n\n").orElse("");
    t.send(waiting + (accounts.isEmpty() ? t.t("withdraw.no_account") : t.t("withdraw.pick_account")), Keyboards.inline(rows));
  }

  /** Asks for the amount to {@code account}; also called after an account was added for this. */
  public void askAmount(Turn t, BankAccount account) {
    t.go(new WithdrawState.AwaitingAmount(account.id()));
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("withdraw.ask_amount", Html.escape(t.account(account)), balance.format(),
        rules.withdrawalMin().format(), rules.withdrawalFee().format()));
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
    Optional<BankAccount> account = bankAccounts.find(t.handle(), t.user().id(), accountId);
    if (account.isEmpty()) {
      t.endFlow();
      t.send(t.t("withdraw.account_gone"), t.menu());
      return;
    }
    switch (withdrawals.quote(t.user().id(), amount)) {
      case Withdrawals.Quote.BelowMinimum b -> t.send(t.t("withdraw.below_min", b.minimum().format()) + "\n" + t.t("amount.try_again"));
      case Withdrawals.Quote.InsufficientFunds f ->
          t.send(t.t("withdraw.insufficient", f.balance().format(), f.total().format()) + "\n" + t.t("amount.try_again"));
      case Withdrawals.Quote.Ok q ->
          moneyOut.askToConfirm(t, KIND, new Payload(accountId, amount),
              t.t("withdraw.confirm", q.amount().format(), q.fee().format(), q.total().format(),
                  Html.escape(t.account(account.get())), date(t, q.dueDate())));
    }
  }

  private static String date(Turn t, java.time.LocalDate d) {
    return t.messages().date(t.language(), d.atTime(12, 0).atZone(Messages.WIB).toInstant());
  }

  private void press(Turn t, String data) {
    if (data.startsWith("acc:") && data.substring(4).matches("\\d{1,18}") && t.state() instanceof WithdrawState.AwaitingAccount) {
      Optional<BankAccount> a = bankAccounts.find(t.handle(), t.user().id(), Long.parseLong(data.substring(4)));
      if (a.isPresent()) {
        t.answer(t.account(a.get()));
        askAmount(t, a.get());
        return;
      }
    }
    t.answer(t.t("action.expired"));
  }

  /** Carries out a confirmed action of {@link #KIND} (the PIN was right). */
  public boolean execute(Turn t, PendingAction action) {
    Payload p = action.payload(json, Payload.class);
    Money amount = p.amount();
    var result = withdrawals.request(t.handle(), action.idempotencyKey(), t.user().id(), p.bankAccountId(), amount);
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
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("withdraw.receipt", Html.code(w.reference()), w.amount().format(), Html.escape(t.account(w.account())),
        date(t, w.dueDate()), w.total().format(), balance.format()), t.menu());
  }
}
