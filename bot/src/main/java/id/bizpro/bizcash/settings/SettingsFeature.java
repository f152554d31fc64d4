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
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.outbox.Outbox;
import id.bizpro.bizcash.user.Users;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /settings}: bank accounts (add with the liability notice, list, remove — each confirmed
 * with the PIN, refused while money-out is locked, the number shown in full before saving, and
 * each change notified), PIN (set, change or forgotten), whether others find the user by name, and
 * language. Thread-safe.
 */
public record SettingsFeature(
    BankAccounts bankAccounts,
    Users users,
    ObjectMapper json,
    MoneyOut moneyOut,
    WithdrawalToAccount withdraw) implements Feature {
  /** The pending-action kinds this feature asks to confirm with the PIN and carries out. */
  public static final String ADD_ACCOUNT = "bank_account_add";

  public static final String REMOVE_ACCOUNT = "bank_account_remove";

  /** A bank account to save once the PIN is right. */
  public record AddPayload(String bankCode, String number, String holder, boolean forWithdrawal) {}

  /** A bank account to remove once the PIN is right. */
  public record RemovePayload(long accountId) {}

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
    boolean findable = users.isFindableByName(t.handle(), t.user().id());
    t.send(t.t("settings.menu"), Keyboards.inline(
        List.of(Keyboards.button(t.t("button.accounts"), "set:acc")),
        List.of(Keyboards.button(t.t("button.pin"), "set:pin")),
        List.of(Keyboards.button(t.t(findable ? "button.findable_on" : "button.findable_off"), "set:find")),
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
      case "find" -> {
        boolean now = !users.isFindableByName(t.handle(), t.user().id());
        users.setFindableByName(t.handle(), t.user().id(), now);
        t.answer(t.t(now ? "button.findable_on" : "button.findable_off"));
        t.send(t.t(now ? "settings.findable_on" : "settings.findable_off"), t.menu());
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
        Optional<BankAccount> account = id.matches("\\d{1,18}")
            ? bankAccounts.find(t.handle(), t.user().id(), Long.parseLong(id)) : Optional.empty();
        if (account.isEmpty()) {
          t.answer(t.t("callback.invalid"));
          return;
        }
        t.answer(t.t("button.remove", t.account(account.get())));
        t.abandonFlow();
        if (!moneyOut.ensureUnlocked(t)) {
          return;
        }
        moneyOut.askToConfirm(t, REMOVE_ACCOUNT, new RemovePayload(account.get().id()),
            t.t("account.confirm_remove", Html.escape(account.get().bank().name()), Html.code(account.get().accountNumber()),
                Html.escape(account.get().holderName())));
      }
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  private void listAccounts(Turn t) {
    List<BankAccount> accounts = bankAccounts.list(t.user().id());
    List<List<InlineKeyboardButton>> rows = new ArrayList<>();
    StringBuilder s = new StringBuilder(accounts.isEmpty() ? t.t("account.none") : t.t("account.list"));
    for (BankAccount a : accounts) {
      s.append("\n• ").append(Html.escape(t.account(a)));
      rows.add(List.of(Keyboards.button(t.t("button.remove", t.account(a)), "set:rm:" + a.id())));
    }
    rows.add(List.of(Keyboards.button(t.t("button.add_account"), "set:add")));
    t.send(s.toString(), Keyboards.inline(rows));
  }

  private void askBank(Turn t, boolean forWithdrawal) {
    t.abandonFlow();
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
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
      case BankAccountState.AwaitingHolder h -> confirmAdd(t, h, typed);
    }
  }

  /**
   * The last check before saving: bank, the number in full as typed and the holder, with confirm
   * buttons; the PIN follows (see {@link MoneyOut}).
   */
  private void confirmAdd(Turn t, BankAccountState.AwaitingHolder h, String holder) {
    if (!BankAccounts.isValidHolderName(holder)) {
      t.send(t.t("account.bad_holder"));
      return;
    }
    String bankName = Banks.find(h.bankCode()).map(Bank::name).orElse(h.bankCode());
    String cleanHolder = holder.strip().replaceAll("\\s+", " ");
    moneyOut.askToConfirm(t, ADD_ACCOUNT, new AddPayload(h.bankCode(), h.number(), cleanHolder, h.forWithdrawal()),
        t.t("account.confirm_add", Html.escape(bankName), Html.code(h.number()), Html.escape(cleanHolder))
            + "\n" + t.t("account.liability"));
  }

  /** Saves a confirmed account (the PIN was right) and tells the user, in chat and by notification. */
  public boolean executeAdd(Turn t, PendingActions.PendingAction action) {
    AddPayload p = action.payload(json, AddPayload.class);
    switch (bankAccounts.add(t.handle(), t.user().id(), p.bankCode(), p.number(), p.holder())) {
      case BankAccounts.AddResult.Added a -> {
        Outbox.enqueueForUser(t.handle(), t.user().id(), Outbox.Kind.BANK_ACCOUNT_ADDED,
            Map.of("account", a.account().bank().name() + " " + a.account().maskedNumber(), "holder", a.account().holderName()),
            "bank-account-added:" + action.id());
        t.send(t.t("account.added", Html.escape(t.account(a.account()))));
        if (p.forWithdrawal()) {
          withdraw.askAmount(t, a.account());
        } else {
          t.send(t.t("start.next"), t.menu());
        }
        return true;
      }
      case BankAccounts.AddResult.AlreadySaved s -> {
        t.send(t.t("account.already", Html.escape(t.account(s.existing()))));
        if (p.forWithdrawal()) {
          withdraw.askAmount(t, s.existing());
        } else {
          t.send(t.t("start.next"), t.menu());
        }
        return false;
      }
      case BankAccounts.AddResult.TooMany m -> {
        t.send(t.t("account.too_many", m.limit()), t.menu());
        return false;
      }
      case BankAccounts.AddResult.InvalidHolderName i -> {
        t.send(t.t("account.bad_holder"), t.menu());
        return false;
      }
      case BankAccounts.AddResult.InvalidNumber i -> {
        t.send(t.t("account.bad_number"), t.menu());
        return false;
      }
      case BankAccounts.AddResult.UnknownBank u -> {
        t.send(t.t("account.unknown_bank"), t.menu());
        return false;
      }
    }
  }

  /** Removes a confirmed account (the PIN was right) and tells the user, in chat and by notification. */
  public boolean executeRemove(Turn t, PendingActions.PendingAction action) {
    RemovePayload p = action.payload(json, RemovePayload.class);
    Optional<BankAccount> account = bankAccounts.find(t.handle(), t.user().id(), p.accountId());
    if (account.isEmpty() || !bankAccounts.remove(t.handle(), t.user().id(), p.accountId())) {
      t.send(t.t("withdraw.account_gone"), t.menu());
      return false;
    }
    Outbox.enqueueForUser(t.handle(), t.user().id(), Outbox.Kind.BANK_ACCOUNT_REMOVED,
        Map.of("account", account.get().bank().name() + " " + account.get().maskedNumber()),
        "bank-account-removed:" + action.id());
    t.send(t.t("account.removed"), t.menu());
    return true;
  }
}
