package id.bizpro.bizcash.settings;

import id.bizpro.bizcash.bankaccount.Bank;
import id.bizpro.bizcash.bankaccount.BankAccount;
import id.bizpro.bizcash.bankaccount.BankAccounts;
import id.bizpro.bizcash.bankaccount.Banks;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.pin.MoneyOut;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /settings}: bank accounts (add with the liability notice, list, remove), PIN (set or
 * change) and language. Thread-safe.
 */
public record SettingsFeature(
    BankAccounts bankAccounts,
    MoneyOut moneyOut,
    WithdrawalToAccount withdraw) implements Feature {
  /** Where a bank account added from the withdrawal flow goes next: its amount step. */
  @FunctionalInterface
  public interface WithdrawalToAccount {
    void askAmount(Turn t, BankAccount account);
  }

  @Override
  public void register(Router router) {
    router.command("settings", "command.settings", (t, args) -> menu(t));
    router.menuButton("menu.settings", "settings");
    router.callback("set", this::press);
    router.flow(
        BankAccountState.class,
        Map.of(
            "account.bank", BankAccountState.AwaitingBank.class,
            "account.number", BankAccountState.AwaitingNumber.class,
            "account.holder", BankAccountState.AwaitingHolder.class),
        this::step);
  }

  private void menu(Turn t) {
    t.abandonFlow();
    t.send(t.t("settings.menu"), Keyboards.inline(
        List.of(Keyboards.button(t.t("button.accounts"), "set:acc")),
        List.of(Keyboards.button(t.t("button.pin"), "set:pin")),
        // Linked BizPro accounts: listed and removed by the platform feature (callback prefix plk).
        List.of(Keyboards.button(t.t("platform.button.links"), "plk:list")),
        List.of(Keyboards.button(t.t("button.language"), "set:lang"))));
  }

  private void press(Turn t, String data) {
    switch (data.replaceFirst(":.*", "")) {
      case "acc" -> {
        t.answer(t.t("button.accounts"));
        listAccounts(t);
      }
      case "pin" -> {
        t.answer(t.t("button.pin"));
        moneyOut.startPinChange(t);
      }
      case "lang" -> {
        t.answer(t.t("button.language"));
        t.send(t.t("language.ask"), Keyboards.inline(List.of(
            Keyboards.button("🇮🇩 Bahasa Indonesia", "lang:id"), Keyboards.button("🇬🇧 English", "lang:en"))));
      }
      case "add" -> {
        t.answer(t.t("button.add_account"));
        askBank(t, data.endsWith(":w"));
      }
      case "bank" -> {
        Optional<Bank> bank = Banks.find(data.length() > 5 ? data.substring(5) : ""); // "bank" alone: forged data
        if (bank.isPresent() && t.state() instanceof BankAccountState.AwaitingBank b) {
          t.answer(bank.get().name());
          askNumber(t, bank.get(), b.forWithdrawal());
        } else {
          t.answer(t.t("action.expired"));
        }
      }
      case "rm" -> {
        String id = data.length() > 3 ? data.substring(3) : ""; // "rm" alone: forged data
        boolean removed = id.matches("\\d{1,18}") && bankAccounts.remove(t.user().id(), Long.parseLong(id));
        t.answer(removed ? t.t("account.removed") : t.t("callback.invalid"));
        if (removed) {
          t.send(t.t("account.removed"), t.menu());
        }
      }
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  private void listAccounts(Turn t) {
    List<BankAccount> accounts = bankAccounts.list(t.user().id());
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    StringBuilder s = new StringBuilder(accounts.isEmpty() ? t.t("account.none") : t.t("account.list"));
    for (BankAccount a : accounts) {
      s.append("\n• ").append(Html.escape(a.maskedLabel()));
      rows.add(List.of(Keyboards.button(t.t("button.remove", a.maskedLabel()), "set:rm:" + a.id())));
    }
    rows.add(List.of(Keyboards.button(t.t("button.add_account"), "set:add")));
    t.send(s.toString(), Keyboards.inline(rows));
  }

  private void askBank(Turn t, boolean forWithdrawal) {
    t.abandonFlow();
    t.go(new BankAccountState.AwaitingBank(forWithdrawal));
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    List<InlineKeyboardButton> row = new ArrayList<>();
    for (Bank b : Banks.all()) {
      row.add(Keyboards.button(b.name(), "set:bank:" + b.code()));
      if (row.size() == 3) {
        rows.add(row);
        row = new ArrayList<>();
      }
    }
    rows.add(row);
    t.send(t.t("account.ask_bank"), Keyboards.inline(rows));
  }

  private void askNumber(Turn t, Bank bank, boolean forWithdrawal) {
    t.go(new BankAccountState.AwaitingNumber(bank.code(), forWithdrawal));
    t.send(t.t("account.ask_number", Html.escape(bank.name())));
  }

  private void step(Turn t, BankAccountState state, Input input) {
    if (!(input instanceof Input.Text text)) {
      t.send(t.t("input.text_needed"));
      return;
    }
    String typed = text.text().strip();
    switch (state) {
      case BankAccountState.AwaitingBank b -> {
        Optional<Bank> bank = typed.length() <= 40 ? Banks.find(typed) : Optional.empty();
        if (bank.isEmpty()) {
          t.send(t.t("account.unknown_bank"));
        } else {
          askNumber(t, bank.get(), b.forWithdrawal());
        }
      }
      case BankAccountState.AwaitingNumber n -> {
        String number = typed.length() <= 40 ? BankAccounts.normaliseNumber(typed) : "";
        if (!BankAccounts.isValidNumber(number)) {
          t.send(t.t("account.bad_number"));
        } else {
          t.go(new BankAccountState.AwaitingHolder(n.bankCode(), number, n.forWithdrawal()));
          t.send(t.t("account.ask_holder"));
        }
      }
      case BankAccountState.AwaitingHolder h -> add(t, h, typed);
    }
  }

  private void add(Turn t, BankAccountState.AwaitingHolder h, String holder) {
    switch (bankAccounts.add(t.user().id(), h.bankCode(), h.number(), holder)) {
      case BankAccounts.AddResult.Added a -> {
        t.endFlow();
        t.send(t.t("account.added", Html.escape(a.account().maskedLabel())) + "\n" + t.t("account.liability"));
        if (h.forWithdrawal()) {
          withdraw.askAmount(t, a.account());
        } else {
          t.send(t.t("start.next"), t.menu());
        }
      }
      case BankAccounts.AddResult.AlreadySaved s -> {
        t.endFlow();
        t.send(t.t("account.already", Html.escape(s.existing().maskedLabel())));
        if (h.forWithdrawal()) {
          withdraw.askAmount(t, s.existing());
        }
      }
      case BankAccounts.AddResult.InvalidHolderName i -> t.send(t.t("account.bad_holder"));
      case BankAccounts.AddResult.InvalidNumber i -> {
        t.go(new BankAccountState.AwaitingNumber(h.bankCode(), h.forWithdrawal()));
        t.send(t.t("account.bad_number"));
      }
      case BankAccounts.AddResult.UnknownBank u -> {
        t.go(new BankAccountState.AwaitingBank(h.forWithdrawal()));
        t.send(t.t("account.unknown_bank"));
      }
      case BankAccounts.AddResult.TooMany m -> {
        t.endFlow();
        t.send(t.t("account.too_many", m.limit()), t.menu());
      }
    }
  }
}
