package id.bizpro.bizcash.request;

import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.conversation.Amounts;
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
import id.bizpro.bizcash.request.PaymentRequests.CloseResult;
import id.bizpro.bizcash.request.PaymentRequests.PaymentRequest;
import id.bizpro.bizcash.transfer.P2pTransfers;
import id.bizpro.bizcash.user.DisplayNames;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /tagih}: ask another user for money — {@code /tagih @bob 250000 desain logo}, or step by
 * step (payer → amount → note). The payer gets the request with Pay and Decline buttons (through
 * the outbox); Pay opens the normal transfer confirmation and PIN ({@link MoneyOut}), and the
 * confirmed action pays the request under its row lock, so it is paid at most once whatever is
 * pressed twice, late or by someone else. {@code /tagih} alone lists the user's requests, sent and
 * received, open first, with buttons to pay, decline or cancel. Thread-safe.
 */
public record RequestFeature(
    Users users, Ledger ledger, P2pTransfers p2p, PaymentRequests requests, MoneyRules rules, ObjectMapper json,
    MoneyOut moneyOut) implements Feature {
  /** The pending-action kind of paying a request ({@link #execute}). */
  public static final String KIND = "request";
  private static final int LISTED = 10;

  /** What the confirm button pays. Stored with the pending action. */
  public record Payload(long requestId) {}

  @Override
  public void register(Router router) {
    router.command("tagih", "request.command", this::start);
    router.callback("rq", this::press);
    router.flow(
        RequestState.class,
        Map.of(
            "request.payer", RequestState.AwaitingPayer.class,
            "request.amount", RequestState.AwaitingAmount.class,
            "request.note", RequestState.AwaitingNote.class),
        this::step);
  }

  private void start(Turn t, String args) {
    t.abandonFlow();
    if (args.isBlank()) {
      list(t);
      t.send(t.t("request.ask_payer"));
      t.go(new RequestState.AwaitingPayer());
      return;
    }
    String[] parts = args.strip().split("\\s+", 3);
    t.go(new RequestState.AwaitingPayer());
    Optional<User> payer = payer(t, parts[0]);
    if (payer.isEmpty()) {
      return;
    }
    if (parts.length == 1) {
      askAmount(t, payer.get());
      return;
    }
    t.go(new RequestState.AwaitingAmount(payer.get().id()));
    Optional<Money> amount = amount(t, parts[1]);
    if (amount.isEmpty()) {
      return;
    }
    if (parts.length == 2) {
      askNote(t, payer.get().id(), amount.get());
      return;
    }
    note(t, payer.get().id(), amount.get(), parts[2]);
  }

  private void step(Turn t, RequestState state, Input input) {
    if (!(input instanceof Input.Text text)) {
      t.send(t.t("input.text_needed"));
      return;
    }
    switch (state) {
      case RequestState.AwaitingPayer p -> payer(t, text.text()).ifPresent(u -> askAmount(t, u));
      case RequestState.AwaitingAmount a -> amount(t, text.text()).ifPresent(m -> askNote(t, a.payerId(), m));
      case RequestState.AwaitingNote n -> note(t, n.payerId(), n.amount(), text.text());
    }
  }

  /** The payer by exact username, or matches as buttons, or why not. */
  private Optional<User> payer(Turn t, String typed) {
    String query = typed.strip();
    if (query.length() > 64) {
      t.send(t.t("request.payer_unknown", Html.escape(query.substring(0, 64))));
      return Optional.empty();
    }
    String bare = query.replaceFirst("^@", "");
    if (bare.matches("[A-Za-z0-9_]{1,64}")) {
      Optional<User> exact = users.byUsername(bare);
      if (exact.isPresent()) {
        if (exact.get().id() == t.user().id()) {
          t.send(t.t("request.to_self"));
          return Optional.empty();
        }
        return exact;
      }
    }
    List<User> matches = bare.isEmpty() ? List.of() : users.search(bare, t.user().id(), 10);
    if (!matches.isEmpty()) {
      t.send(t.t("request.pick_payer", Html.escape(query)), Keyboards.inline(matches.stream()
          .map(u -> List.of(Keyboards.button(t.name(u.displayName()), "rq:to:" + u.id()))).toList()));
      return Optional.empty();
    }
    t.send(t.t("request.payer_unknown", Html.escape(query)));
    return Optional.empty();
  }

  private void askAmount(Turn t, User payer) {
    t.go(new RequestState.AwaitingAmount(payer.id()));
    t.send(t.t("request.ask_amount", Html.escape(t.name(payer.displayName()))));
  }

  private Optional<Money> amount(Turn t, String typed) {
    Optional<Money> amount = Amounts.read(t, typed);
    if (amount.isEmpty()) {
      return amount;
    }
    if (amount.get().isLessThan(rules.transferMin())) {
      t.send(t.t("request.below_min", rules.transferMin().format()));
      return Optional.empty();
    }
    if (amount.get().isGreaterThan(rules.balanceCap())) {
      t.send(t.t("request.above_max", rules.balanceCap().format()));
      return Optional.empty();
    }
    return amount;
  }

  private void askNote(Turn t, long payerId, Money amount) {
    t.go(new RequestState.AwaitingNote(payerId, amount));
    t.send(t.t("request.ask_note"), Keyboards.inline(List.of(Keyboards.button(t.t("button.skip_note"), "rq:skip"))));
  }

  private void note(Turn t, long payerId, Money amount, String typed) {
    String note = DisplayNames.clean(typed);
    if (note.codePointCount(0, note.length()) > PaymentRequests.NOTE_MAX) {
      t.send(t.t("request.note_too_long", PaymentRequests.NOTE_MAX));
      t.go(new RequestState.AwaitingNote(payerId, amount));
      return;
    }
    create(t, payerId, amount, note);
  }

  private void create(Turn t, long payerId, Money amount, String note) {
    User payer = users.byId(t.handle(), payerId).orElseThrow();
    PaymentRequest r = requests.create(t.handle(), t.user().id(), payerId, amount, note, t.now());
    t.endFlow();
    t.send(t.t("request.sent", Html.code(r.reference()), Html.escape(t.name(payer.displayName())), amount.format(),
            note.isEmpty() ? t.t("transfer.no_note") : Html.escape(note), t.dateTime(r.expiresAt())),
        Keyboards.inline(List.of(Keyboards.button(t.t("request.button.cancel"), "rq:cx:" + r.id()))));
    t.send(t.t("request.sent.next"), t.menu());
  }

  /** The user's requests, open first, with buttons for the open ones. */
  private void list(Turn t) {
    List<PaymentRequest> mine = requests.listFor(t.handle(), t.user().id(), LISTED);
    if (mine.isEmpty()) {
      t.send(t.t("request.list.empty"));
      return;
    }
    StringBuilder text = new StringBuilder(t.t("request.list.title"));
    List<List<org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton>> rows = new ArrayList<>();
    for (PaymentRequest r : mine) {
      boolean sent = r.requesterId() == t.user().id();
      User other = users.byId(t.handle(), sent ? r.payerId() : r.requesterId()).orElseThrow();
      String name = Html.escape(t.name(other.displayName()));
      text.append('\n').append(t.t(sent ? "request.list.sent" : "request.list.received", Html.code(r.reference()), name,
          r.amount().format(), r.note().isEmpty() ? t.t("transfer.no_note") : Html.escape(r.note()),
          t.t("request.status." + status(r, t))));
      if (r.isOpen() && r.expiresAt().isAfter(t.now())) {
        if (sent) {
          rows.add(List.of(Keyboards.button(t.t("request.button.cancel_ref", r.reference()), "rq:cx:" + r.id())));
        } else {
          rows.add(List.of(Keyboards.button(t.t("request.button.pay_ref", r.reference()), "rq:pay:" + r.id()),
              Keyboards.button(t.t("request.button.decline"), "rq:no:" + r.id())));
        }
      }
    }
    t.send(text.toString(), rows.isEmpty() ? null : Keyboards.inline(rows));
  }

  private static String status(PaymentRequest r, Turn t) {
    if (r.isOpen() && !r.expiresAt().isAfter(t.now())) {
      return "expired";
    }
    return r.status().name().toLowerCase();
  }

  private void press(Turn t, String data) {
    if (data.equals("skip") && t.state() instanceof RequestState.AwaitingNote n) {
      t.answer(t.t("transfer.no_note"));
      create(t, n.payerId(), n.amount(), "");
      return;
    }
    if (data.startsWith("to:") && t.state() instanceof RequestState.AwaitingPayer && data.substring(3).matches("\\d{1,18}")) {
      Optional<User> to = users.byId(t.handle(), Long.parseLong(data.substring(3)));
      if (to.isPresent() && to.get().id() != t.user().id()) {
        t.answer(t.name(to.get().displayName()));
        askAmount(t, to.get());
        return;
      }
    }
    String[] parts = data.split(":", 2);
    if (parts.length != 2 || !parts[1].matches("\\d{1,18}")) {
      t.answer(t.t("action.expired"));
      return;
    }
    long id = Long.parseLong(parts[1]);
    switch (parts[0]) {
      case "pay" -> pay(t, id);
      case "no" -> decline(t, id);
      case "cx" -> cancel(t, id);
      default -> t.answer(t.t("action.expired"));
    }
  }

  /** Pay pressed: the request must be this user's to pay and open; then the transfer confirmation. */
  private void pay(Turn t, long id) {
    Optional<PaymentRequest> found = requests.lock(t.handle(), id);
    if (found.isEmpty() || found.get().payerId() != t.user().id()) {
      // A forwarded request pressed by someone else, or a forged id: the same answer.
      t.answer(t.t("request.not_yours"));
      return;
    }
    PaymentRequest r = found.get();
    if (requests.expireIfDue(t.handle(), r, t.now())) {
      t.answer(t.t("request.status.expired"));
      t.send(t.t("request.closed.expired", Html.code(r.reference())), t.menu());
      return;
    }
    if (!r.isOpen()) {
      t.answer(t.t("request.closed." + r.status().name().toLowerCase(), r.reference()));
      return;
    }
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    t.abandonFlow();
    User requester = users.byId(t.handle(), r.requesterId()).orElseThrow();
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    if (balance.isLessThan(r.amount())) {
      t.answer(t.t("request.insufficient.short"));
      t.send(t.t("request.insufficient", balance.format(), r.amount().format()), t.menu());
      return;
    }
    t.answer(t.t("request.paying"));
    String summary = t.t("request.confirm", Html.code(r.reference()), Html.escape(t.name(requester.displayName())),
        r.amount().format(), Money.ZERO.format(), r.note().isEmpty() ? t.t("transfer.no_note") : Html.escape(r.note()));
    moneyOut.askToConfirm(t, KIND, new Payload(r.id()), summary);
  }

  private void decline(Turn t, long id) {
    switch (requests.decline(t.handle(), t.user().id(), id, t.now())) {
      case CloseResult.Closed c -> {
        t.answer(t.t("request.declined.short"));
        t.send(t.t("request.declined", Html.code(c.request().reference())), t.menu());
        t.press().map(Turn.Press::messageId).filter(m -> m != null && m > 0)
            .ifPresent(m -> t.edit(m, t.t("request.declined", Html.code(c.request().reference())), null));
      }
      case CloseResult.NotFound n -> t.answer(t.t("request.not_yours"));
      case CloseResult.NotOpen o -> t.answer(t.t("request.closed." + o.request().status().name().toLowerCase(),
          o.request().reference()));
    }
  }

  private void cancel(Turn t, long id) {
    switch (requests.cancel(t.handle(), t.user().id(), id, t.now())) {
      case CloseResult.Closed c -> {
        t.answer(t.t("request.cancelled.short"));
        t.send(t.t("request.cancelled", Html.code(c.request().reference())), t.menu());
      }
      case CloseResult.NotFound n -> t.answer(t.t("request.not_yours"));
      case CloseResult.NotOpen o -> t.answer(t.t("request.closed." + o.request().status().name().toLowerCase(),
          o.request().reference()));
    }
  }

  /**
   * Carries out a confirmed payment of a request (the PIN was right): under the request's row lock,
   * still open and not expired, one P2P transfer keyed by the action id, and the request marked
   * paid with it in the same transaction.
   */
  public boolean execute(Turn t, PendingAction action) {
    Payload p = action.payload(json, Payload.class);
    switch (requests.pay(t.handle(), p.requestId(), t.user().id(), action.idempotencyKey(), p2p, t.now())) {
      case PaymentRequests.PayResult.Paid paid -> {
        User to = users.byId(t.handle(), paid.request().requesterId()).orElseThrow();
        paid(t, paid.request(), to, paid.transfer().id());
        return true;
      }
      case PaymentRequests.PayResult.NotYours n -> t.send(t.t("transfer.failed"), t.menu());
      case PaymentRequests.PayResult.Closed c -> t.send(t.t("request.closed." + c.request().status().name().toLowerCase(),
          Html.code(c.request().reference())), t.menu());
      case PaymentRequests.PayResult.Refused r -> refused(t, r.request(), r.result());
    }
    return false;
  }

  private void refused(Turn t, PaymentRequest r, LedgerResult result) {
    User to = users.byId(t.handle(), r.requesterId()).orElseThrow();
    switch (result) {
      case LedgerResult.InsufficientFunds f ->
          t.send(t.t("transfer.insufficient_final", f.balance().format(), r.amount().format()), t.menu());
      case LedgerResult.LimitExceeded l when l.limit() == LedgerResult.Limit.DAILY_MONEY_OUT ->
          t.send(t.t("limit.daily_money_out", l.limitValue().format(), l.attempted().minus(r.amount()).format()), t.menu());
      case LedgerResult.LimitExceeded l when l.limit() == LedgerResult.Limit.BALANCE_CAP ->
          t.send(t.t("transfer.recipient_cap", Html.escape(t.name(to.displayName()))), t.menu());
      default -> t.send(t.t("transfer.failed"), t.menu());
    }
  }

  private void paid(Turn t, PaymentRequest r, User to, long transferId) {
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    t.send(t.t("request.paid_receipt", Html.code(r.reference()), r.amount().format(),
        Html.escape(t.name(to.displayName())), r.note().isEmpty() ? t.t("transfer.no_note") : Html.escape(r.note()),
        balance.format(), Html.code("P2P-" + transferId), t.dateTime(t.now())), t.menu());
  }
}
