package id.bizpro.bizcash.transfer;

import id.bizpro.bizcash.user.DisplayNames;

import id.bizpro.bizcash.conversation.Amounts;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions.PendingAction;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.pin.MoneyOutFeature;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /transfer}: recipient (exact username or a search shown as buttons) → amount → note or
 * skip → confirmation and PIN (see {@link MoneyOutFeature}) → receipt; also the one-line form
 * {@code /transfer @bob 50000 makan siang}. Never to yourself; users who never started the bot
 * cannot be found, and the sender gets an invite link for them. Thread-safe.
 *
 * @param botUsername the bot's username without '@', for invite links
 */
public record TransferFeature(
    Users users,
    Ledger ledger,
    P2pTransfers p2p,
    MoneyRules rules,
    ObjectMapper json,
    String botUsername,
    MoneyOut moneyOut) implements Feature {
  /** The pending-action kind this feature asks to confirm and carries out ({@link #execute}). */
  public static final String KIND = "transfer";
  private static final int NOTE_MAX = 100;

  /** What the confirm button will send. Stored with the pending action. */
  public record Payload(long toUserId, @JsonProperty("amountRupiah") Money amount, String note) {}

  @Override
  public void register(Router router) {
    router.command("transfer", "command.transfer", this::start);
    router.menuButton("menu.transfer", "transfer");
    router.callback("tr", this::press);
    router.flow(
        TransferState.class,
        Map.of(
            "transfer.recipient", TransferState.AwaitingRecipient.class,
            "transfer.amount", TransferState.AwaitingAmount.class,
            "transfer.note", TransferState.AwaitingNote.class),
        this::step);
  }

  private void start(Turn t, String args) {
    t.abandonFlow();
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    if (args.isBlank()) {
      t.send(t.t("transfer.ask_recipient"));
      t.go(new TransferState.AwaitingRecipient());
      return;
    }
    // One line: "/transfer @bob 50000 makan siang", the amount written as in the top-up form
    // ("Rp 5.000", "5 ribu", "10 rb"). Each part is checked as in the step-by-step flow, and the
    // first part that is wrong is asked for again.
    String[] parts = args.strip().split("\\s+", 2);
    t.go(new TransferState.AwaitingRecipient());
    Optional<User> recipient = recipient(t, parts[0]);
    if (recipient.isEmpty()) {
      return;
    }
    if (parts.length == 1) {
      askAmount(t, recipient.get());
      return;
    }
    t.go(new TransferState.AwaitingAmount(recipient.get().id()));
    String[] rest = parts[1].strip().split("\\s+");
    Optional<Amounts.Leading> leading = Amounts.leading(rest);
    // Nothing reads as an amount: the refusal speaks of the first word, or of "Rp" and its number.
    int amountWords = leading.map(Amounts.Leading::words)
        .orElse(rest.length > 1 && rest[0].matches("(?i)rp\\.?|idr") ? 2 : 1);
    String typedAmount = String.join(" ", java.util.Arrays.copyOfRange(rest, 0, amountWords));
    Optional<Money> amount = amount(t, recipient.get(), typedAmount);
    if (amount.isEmpty()) {
      return;
    }
    String typedNote = String.join(" ", java.util.Arrays.copyOfRange(rest, amountWords, rest.length));
    if (typedNote.isBlank()) {
      askNote(t, recipient.get(), amount.get());
      return;
    }
    note(t, recipient.get().id(), amount.get(), typedNote);
  }

  private void step(Turn t, TransferState state, Input input) {
    if (!(input instanceof Input.Text text)) {
      t.send(t.t("input.text_needed"));
      return;
    }
    switch (state) {
      case TransferState.AwaitingRecipient r -> recipient(t, text.text()).ifPresent(u -> askAmount(t, u));
      case TransferState.AwaitingAmount a -> {
        User to = users.byId(t.handle(), a.recipientId()).orElseThrow();
        amount(t, to, text.text()).ifPresent(m -> askNote(t, to, m));
      }
      case TransferState.AwaitingNote n -> note(t, n.recipientId(), n.amount(), text.text());
    }
  }

  /** Finds the recipient, or tells the user why not (with matches as buttons or an invite link). */
  private Optional<User> recipient(Turn t, String typed) {
    String query = typed.strip();
    if (query.length() > 64) {
      t.send(t.t("transfer.recipient_too_long"));
      return Optional.empty();
    }
    String bare = query.replaceFirst("^@", "");
    if (bare.matches("[A-Za-z0-9_]{1,64}")) {
      Optional<User> exact = users.byUsername(bare);
      if (exact.isPresent()) {
        if (exact.get().id() == t.user().id()) {
          t.send(t.t("transfer.to_self"));
          return Optional.empty();
        }
        return exact;
      }
    }
    if (bare.codePointCount(0, bare.length()) < Users.SEARCH_MIN_CHARS) {
      t.send(t.t("transfer.search_too_short", Users.SEARCH_MIN_CHARS));
      return Optional.empty();
    }
    List<User> matches = users.searchFor(bare, t.user().id(), 10);
    if (!matches.isEmpty()) {
      t.send(
          t.t("transfer.pick_recipient", Html.escape(query)),
          Keyboards.inline(
              matches.stream()
                  .map(u -> List.of(Keyboards.button(searchLabel(t, u), "tr:to:" + u.id())))
                  .toList()));
      return Optional.empty();
    }
    if (bare.matches("[A-Za-z0-9_]{3,32}") && query.startsWith("@") || bare.matches("[A-Za-z0-9_]{5,32}")) {
      String link = "https://t.me/" + botUsername + "?start=invite";
      t.send(
          t.t("transfer.unknown_user", Html.escape("@" + bare)) + "\n" + t.t("transfer.search_hint"),
          Keyboards.inline(List.of(Keyboards.link(t.t("button.invite"),
              "https://t.me/share/url?url=" + java.net.URLEncoder.encode(link, java.nio.charset.StandardCharsets.UTF_8)
                  + "&text=" + java.net.URLEncoder.encode(t.t("transfer.invite_text"), java.nio.charset.StandardCharsets.UTF_8)))));
      t.send(t.t("transfer.invite_link", link));
      return Optional.empty();
    }
    t.send(t.t("transfer.no_match", Html.escape(query)) + "\n" + t.t("transfer.search_hint"));
    return Optional.empty();
  }

  /** "@bob · Bob Santoso", or just the name for a user without a username (never with an '@'). */
  private static String searchLabel(Turn t, User u) {
    String shown = t.name(u.displayName());
    return u.username().isPresent() && !u.fullName().isEmpty() ? shown + " · " + u.fullName() : shown;
  }

  private void askAmount(Turn t, User to) {
    t.go(new TransferState.AwaitingAmount(to.id()));
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("transfer.ask_amount", Html.escape(t.name(to.displayName())), balance.format()));
  }

  private Optional<Money> amount(Turn t, User to, String typed) {
    Optional<Money> amount = Amounts.read(t, typed);
    if (amount.isEmpty()) {
      return amount;
    }
    Money m = amount.get();
    if (m.isLessThan(rules.transferMin())) {
      t.send(t.t("transfer.below_min", rules.transferMin().format()));
      return Optional.empty();
    }
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    if (balance.isLessThan(m)) {
      t.send(t.t("transfer.insufficient", balance.format(), m.format()));
      return Optional.empty();
    }
    return amount;
  }

  private void askNote(Turn t, User to, Money amount) {
    t.go(new TransferState.AwaitingNote(to.id(), amount));
    t.send(t.t("transfer.ask_note"), Keyboards.inline(List.of(Keyboards.button(t.t("button.skip_note"), "tr:skip"))));
  }

  private void note(Turn t, long toUserId, Money amount, String typed) {
    // The note reaches the recipient, history and statements: no bidi controls or invisible
    // characters that could reorder the amount or name beside it, as for names.
    String note = DisplayNames.clean(typed);
    if (note.codePointCount(0, note.length()) > NOTE_MAX) {
      t.send(t.t("transfer.note_too_long", NOTE_MAX));
      t.go(new TransferState.AwaitingNote(toUserId, amount));
      return;
    }
    confirm(t, toUserId, amount, note);
  }

  private void confirm(Turn t, long toUserId, Money amount, String note) {
    User to = users.byId(t.handle(), toUserId).orElseThrow();
    // The name beside the username, so a typo in the username is caught before the PIN; no note
    // line when there is no note.
    String summary =
        t.t("transfer.confirm", Html.escape(searchLabel(t, to)), amount.format(), Money.ZERO.format())
            + (note.isEmpty() ? "" : "\n" + t.t("transfer.confirm_note", Html.escape(note)));
    moneyOut.askToConfirm(t, KIND, new Payload(toUserId, amount, note), summary);
  }

  private void press(Turn t, String data) {
    if (data.startsWith("to:") && t.state() instanceof TransferState.AwaitingRecipient && data.substring(3).matches("\\d{1,18}")) {
      Optional<User> to = users.byId(t.handle(), Long.parseLong(data.substring(3)));
      if (to.isPresent() && to.get().id() != t.user().id()) {
        t.answer(t.name(to.get().displayName()));
        askAmount(t, to.get());
        return;
      }
    } else if (data.equals("skip") && t.state() instanceof TransferState.AwaitingNote n) {
      t.answer(t.t("transfer.no_note"));
      confirm(t, n.recipientId(), n.amount(), "");
      return;
    }
    t.answer(t.t("action.expired"));
  }

  /** Carries out a confirmed action of {@link #KIND} (the PIN was right); see {@link MoneyOutFeature}. */
  public boolean execute(Turn t, PendingAction action) {
    Payload p = action.payload(json, Payload.class);
    User to = users.byId(t.handle(), p.toUserId()).orElseThrow();
    Money amount = p.amount();
    Optional<String> note = Optional.of(p.note()).filter(n -> !n.isBlank());
    LedgerResult result =
        p2p.send(t.handle(), action.idempotencyKey(), t.user().id(), p.toUserId(), amount, note);
    switch (result) {
      case LedgerResult.Done d -> receipt(t, to, amount, note, d.transfer().id());
      case LedgerResult.AlreadyDone d -> receipt(t, to, amount, note, d.transfer().id());
      case LedgerResult.InsufficientFunds f -> t.send(t.t("transfer.insufficient_final", f.balance().format(), amount.format()), t.menu());
      case LedgerResult.LimitExceeded l when l.limit() == LedgerResult.Limit.DAILY_MONEY_OUT ->
          t.send(t.t("limit.daily_money_out", l.limitValue().format(),
              l.attempted().minus(amount).format()), t.menu());
      case LedgerResult.LimitExceeded l when l.limit() == LedgerResult.Limit.BALANCE_CAP ->
          t.send(t.t("transfer.recipient_cap", Html.escape(t.name(to.displayName()))), t.menu());
      case LedgerResult.LimitExceeded l -> t.send(t.t("transfer.below_min", l.limitValue().format()), t.menu());
      case LedgerResult.SameAccount s -> t.send(t.t("transfer.to_self"), t.menu());
      case LedgerResult.NotFound n -> t.send(t.t("transfer.failed"), t.menu());
      case LedgerResult.Conflict c -> t.send(t.t("transfer.failed"), t.menu());
      case LedgerResult.NotPending n -> t.send(t.t("transfer.failed"), t.menu());
    }
    return result.succeeded();
  }

  private void receipt(Turn t, User to, Money amount, Optional<String> note, long transferId) {
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(
        t.t("transfer.receipt", amount.format(), Html.escape(t.name(to.displayName())),
            note.map(n -> "\n" + t.t("transfer.confirm_note", Html.escape(n))).orElse(""), balance.format(),
            Html.code("P2P-" + transferId), t.dateTime(t.now())),
        t.menu());
  }
}
