package id.bizpro.bizcash.inline;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.bizpro.bizcash.config.MoneyRules;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions.PendingAction;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.inline.InlineSends.InlineSend;
import id.bizpro.bizcash.ledger.Ledger;
import id.bizpro.bizcash.ledger.LedgerResult;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.money.MoneyInput;
import id.bizpro.bizcash.pin.MoneyOut;
import id.bizpro.bizcash.user.DisplayNames;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.user.Users;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.inlinequery.ChosenInlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.inputmessagecontent.InputTextMessageContent;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultArticle;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultsButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * Sending BizCash from any chat (Telegram inline mode): {@code @BizCashBot 50000 makan siang}
 * offers a card "Kirim Rp 50.000 · makan siang"; posted, it carries a deep link that the sender
 * opens to confirm with the PIN in the private chat (which holds the money, {@link InlineSends}),
 * and a Claim button: the first user who is not the sender receives the money, and the card is
 * edited to say who. The card and the answers shown in other chats carry no balance or account
 * data. Thread-safe.
 *
 * @param botUsername for the deep link {@code t.me/<bot>?start=inl_<code>}
 */
public record InlineFeature(InlineSends sends, Users users, Ledger ledger, MoneyRules rules, ObjectMapper json,
    MoneyOut moneyOut, String botUsername) implements Feature {
  /** The pending-action kind of confirming an inline send ({@link #execute}). */
  public static final String KIND = "inline";
  private static final String DEEP_LINK = "inl_";

  /** What the confirm button holds. */
  public record Payload(String code) {}

  @Override
  public void register(Router router) {
    router.inlineQuery(this::query, this::chosen);
    router.deepLink(DEEP_LINK, this::confirm);
    router.callback("in", this::press);
  }

  private void query(Turn t, InlineQuery q) {
    String text = q.getQuery() == null ? "" : q.getQuery().strip();
    String[] parts = text.split("\\s+", 2);
    Optional<Money> amount = MoneyInput.parse(parts[0]) instanceof MoneyInput.Result.Parsed p
        ? Optional.of(p.amount()) : Optional.empty();
    AnswerInlineQuery.AnswerInlineQueryBuilder<?, ?> answer =
        AnswerInlineQuery.builder().inlineQueryId(q.getId()).cacheTime(0).isPersonal(true);
    if (amount.isEmpty() || amount.get().isLessThan(rules.transferMin()) || amount.get().isGreaterThan(rules.balanceCap())) {
      t.reply(answer.results(List.of())
          .button(InlineQueryResultsButton.builder().text(t.t("inline.query.hint", rules.transferMin().format()))
              .startParameter("inline_help").build())
          .build());
      return;
    }
    String note = parts.length > 1 ? DisplayNames.clean(parts[1]) : "";
    if (note.codePointCount(0, note.length()) > InlineSends.NOTE_MAX) {
      note = note.substring(0, note.offsetByCodePoints(0, InlineSends.NOTE_MAX));
    }
    InlineSend s = sends.offer(t.handle(), t.user().id(), amount.get(), note, t.now());
    String title = t.t("inline.result.title", amount.get().format()) + (note.isEmpty() ? "" : " · " + note);
    t.reply(answer.results(List.of(InlineQueryResultArticle.builder()
            .id(s.code())
            .title(title)
            .description(t.t("inline.result.description"))
            .inputMessageContent(InputTextMessageContent.builder().messageText(card(t, s, t.user(), Card.OFFERED, null))
                .parseMode(ParseMode.HTML).build())
            .replyMarkup(keyboard(t, s, t.user().language(), Card.OFFERED))
            .build()))
        .build());
  }

  /** The card was posted: remember where, to edit it when it is confirmed or claimed. */
  private void chosen(Turn t, ChosenInlineQuery c) {
    if (c.getInlineMessageId() != null && c.getResultId() != null) {
      sends.posted(t.handle(), c.getResultId(), t.user().id(), c.getInlineMessageId());
    }
  }

  private enum Card { OFFERED, HELD, CLAIMED, RETURNED }

  /** The card's text, in the sender's language: who sends how much, the note, and where it stands. */
  private static String card(Turn t, InlineSend s, User sender, Card state, String claimer) {
    Language l = sender.language();
    String head = t.messages().get(l, "inline.card", Html.escape(name(t, l, sender)), s.amount().format(),
        s.note().isEmpty() ? "" : " · " + Html.escape(s.note()));
    String tail = switch (state) {
      case OFFERED -> t.messages().get(l, "inline.card.offered");
      case HELD -> t.messages().get(l, "inline.card.held", t.messages().dateTime(l, s.expiresAt().orElseThrow()));
      case CLAIMED -> t.messages().get(l, "inline.card.claimed", Html.escape(claimer));
      case RETURNED -> t.messages().get(l, "inline.card.returned");
    };
    return head + "\n" + tail;
  }

  private static String name(Turn t, Language l, User u) {
    return u.displayName().orElseGet(() -> t.messages().get(l, "name.unnamed"));
  }

  private InlineKeyboardMarkup keyboard(Turn t, InlineSend s, Language l, Card state) {
    String claim = t.messages().get(l, "inline.button.claim");
    return switch (state) {
      case OFFERED -> Keyboards.inline(
          List.of(Keyboards.link(t.messages().get(l, "inline.button.confirm"),
              "https://t.me/" + botUsername + "?start=" + DEEP_LINK + s.code())),
          List.of(Keyboards.button(claim, "in:cl:" + s.code())));
      case HELD -> Keyboards.inline(List.of(Keyboards.button(claim, "in:cl:" + s.code())));
      default -> null;
    };
  }

  /** Edits the posted card, when Telegram told us where it is (or the press came from it). */
  private void editCard(Turn t, InlineSend s, Optional<String> inlineMessageId, Card state, String claimer) {
    Optional<String> where = inlineMessageId.or(s::inlineMessageId);
    if (where.isEmpty()) {
      return;
    }
    User sender = users.byId(t.handle(), s.senderId()).orElseThrow();
    t.reply(EditMessageText.builder()
        .inlineMessageId(where.get())
        .text(card(t, s, sender, state, claimer))
        .parseMode(ParseMode.HTML)
        .replyMarkup(keyboard(t, s, sender.language(), state))
        .build());
  }

  /** The sender opened the card's deep link: confirm with the PIN. */
  private void confirm(Turn t, String payload) {
    t.abandonFlow();
    String code = payload.substring(DEEP_LINK.length());
    Optional<InlineSend> found = sends.lock(t.handle(), code);
    if (found.isEmpty() || found.get().senderId() != t.user().id()) {
      t.send(t.t("inline.not_yours"), t.menu());
      return;
    }
    InlineSend s = found.get();
    if (s.status() != InlineSends.Status.OFFERED) {
      t.send(t.t("inline.already." + s.status().name().toLowerCase(), Html.code(s.reference())), t.menu());
      return;
    }
    if (!moneyOut.ensureUnlocked(t)) {
      return;
    }
    Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
    if (balance.isLessThan(s.amount())) {
      t.send(t.t("transfer.insufficient_final", balance.format(), s.amount().format()), t.menu());
      return;
    }
    moneyOut.askToConfirm(t, KIND, new Payload(code), t.t("inline.confirm", s.amount().format(),
        s.note().isEmpty() ? t.t("transfer.no_note") : Html.escape(s.note())));
  }

  /** The PIN was right: hold the money; the card becomes claimable. */
  public boolean execute(Turn t, PendingAction action) {
    Payload p = action.payload(json, Payload.class);
    switch (sends.hold(t.handle(), p.code(), t.user().id(), action.idempotencyKey(), t.now())) {
      case InlineSends.HoldResult.Held h -> {
        Money balance = ledger.balanceOf(t.handle(), t.user().id()).orElse(Money.ZERO);
        t.send(t.t("inline.held", h.send().amount().format(), Html.code(h.send().reference()),
                t.dateTime(h.send().expiresAt().orElseThrow()), balance.format()),
            Keyboards.inline(List.of(Keyboards.button(t.t("inline.button.cancel"), "in:cx:" + p.code()))));
        editCard(t, h.send(), Optional.empty(), Card.HELD, null);
        return true;
      }
      case InlineSends.HoldResult.NotYours n -> t.send(t.t("inline.not_yours"), t.menu());
      case InlineSends.HoldResult.NotOffered n ->
          t.send(t.t("inline.already." + n.send().status().name().toLowerCase(), Html.code(n.send().reference())), t.menu());
      case InlineSends.HoldResult.OverDailyLimit d ->
          t.send(t.t("limit.daily_money_out", d.limit().format(), d.usedToday().format()), t.menu());
      case InlineSends.HoldResult.Refused r -> t.send(r.result() instanceof LedgerResult.InsufficientFunds f
          ? t.t("transfer.insufficient_final", f.balance().format(), r.send().amount().format())
          : t.t("transfer.failed"), t.menu());
    }
    return false;
  }

  private void press(Turn t, String data) {
    String[] parts = data.split(":", 2);
    if (parts.length != 2) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    switch (parts[0]) {
      case "cl" -> claim(t, parts[1]);
      case "cx" -> cancel(t, parts[1]);
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  /** Claim pressed on a posted card (in any chat): the answer is a small notice to the presser only. */
  private void claim(Turn t, String code) {
    Optional<String> where = t.press().flatMap(Turn.Press::inlineMessageId);
    switch (sends.claim(t.handle(), code, t.user().id(), t.now())) {
      case InlineSends.ClaimResult.Claimed c -> {
        t.answer(t.t("inline.claimed.toast", c.send().amount().format()));
        editCard(t, c.send(), where, Card.CLAIMED, name(t, t.language(), t.user()));
      }
      case InlineSends.ClaimResult.OwnSend o -> t.answer(t.t("inline.own"));
      case InlineSends.ClaimResult.NotYetConfirmed n -> t.answer(t.t("inline.not_confirmed"));
      case InlineSends.ClaimResult.Gone g -> {
        t.answer(t.t("inline.gone"));
        if (g.send().status() == InlineSends.Status.RETURNED) {
          editCard(t, g.send(), where, Card.RETURNED, null);
        }
      }
      case InlineSends.ClaimResult.Refused r -> t.answer(t.t("inline.claim_refused"));
      case InlineSends.ClaimResult.NotFound n -> t.answer(t.t("callback.invalid"));
    }
  }

  /** The sender takes it back (the button under the confirmation receipt). */
  private void cancel(Turn t, String code) {
    switch (sends.cancel(t.handle(), code, t.user().id(), t.now())) {
      case InlineSends.CancelResult.Cancelled c -> {
        t.answer(t.t("inline.cancelled.short"));
        t.send(t.t("inline.cancelled", Html.code(c.send().reference())), t.menu());
        if (c.send().status() == InlineSends.Status.RETURNED) {
          editCard(t, c.send(), Optional.empty(), Card.RETURNED, null);
        }
      }
      case InlineSends.CancelResult.NotYours n -> t.answer(t.t("callback.invalid"));
      case InlineSends.CancelResult.Gone g -> t.answer(t.t("inline.gone"));
    }
  }
}
