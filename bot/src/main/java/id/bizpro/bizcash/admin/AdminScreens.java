package id.bizpro.bizcash.admin;

import id.bizpro.bizcash.admin.AdminQueries.PaymentToReview;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.money.Money;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * The texts and buttons of the admin screens, from {@code admin_messages*.properties}. Admins see a
 * withdrawal's full account number: they type it into the bank's payout form. Everything a user
 * or a provider typed is HTML-escaped. Immutable and thread-safe.
 */
final class AdminScreens {
  private final Messages texts = new Messages("admin_messages");

  /** The text of {@code key} in the admin's language. */
  String t(Turn t, String key, Object... args) {
    return texts.get(t.language(), key, args);
  }

  String menu(Turn t, int queued, long toReview, Reconciliation.Report report, int held, Money heldTotal, int blocked) {
    return t(t, "admin.menu", queued, toReview,
        report.holds() ? t(t, "admin.ledger_ok") : t(t, "admin.ledger_broken", report.violations().size()))
        + "\n" + t(t, "admin.menu.suspense", held, heldTotal.format(), blocked);
  }

  String receipt(Turn t, UnappliedReceipts.Receipt r, Optional<User> owner) {
    StringBuilder s = new StringBuilder(t(t, "admin.suspense.item", Html.code(r.reference()), r.amount().format(),
        Html.escape(r.provider()), Html.escape(t(t, "admin.suspense.reason." + r.reason().dbName())), t.dateTime(r.createdAt())));
    r.providerReference().ifPresent(p -> s.append('\n').append(t(t, "admin.suspense.provider_reference", Html.code(abbreviate(p, 80)))));
    r.orderReference().ifPresent(o -> s.append('\n').append(t(t, "admin.review.subject", Html.code(o))));
    s.append('\n').append(owner
        .map(u -> t(t, "admin.suspense.user", Html.escape(t.name(u.displayName())), u.telegramId()))
        .orElse(t(t, "admin.suspense.no_user_known")));
    return s.toString();
  }

  InlineKeyboardMarkup receiptButtons(Turn t, UnappliedReceipts.Receipt r) {
    List<InlineKeyboardButton> row = new java.util.ArrayList<>();
    if (r.userId().isPresent()) {
      row.add(Keyboards.button(t(t, "admin.button.credit"), "adm:sc:" + r.id()));
    }
    row.add(Keyboards.button(t(t, "admin.button.refunded"), "adm:sr:" + r.id()));
    return Keyboards.inline(row);
  }

  String block(Turn t, MoneyOutBlocks.Block b, Optional<User> user) {
    return t(t, "admin.blocks.item", b.id(), Html.escape(user.map(u -> t.name(u.displayName()) + " · " + u.telegramId())
            .orElse("#" + b.userId())), Html.code(b.reference()), b.shortfall().format(), Html.escape(b.reason()),
        t.dateTime(b.createdAt()));
  }

  InlineKeyboardMarkup blockButtons(Turn t, MoneyOutBlocks.Block b) {
    return Keyboards.inline(List.of(Keyboards.button(t(t, "admin.button.unblock"), "adm:ub:" + b.id())));
  }

  InlineKeyboardMarkup menuButtons(Turn t) {
    return Keyboards.inline(
        List.of(Keyboards.button(t(t, "admin.button.queue"), "adm:q")),
        List.of(Keyboards.button(t(t, "admin.button.review"), "adm:rv")),
        List.of(Keyboards.button(t(t, "admin.button.suspense"), "adm:sus")),
        List.of(Keyboards.button(t(t, "admin.button.blocks"), "adm:blk")),
        List.of(Keyboards.button(t(t, "admin.button.reconciliation"), "adm:rec")));
  }

  String withdrawal(Turn t, Withdrawal w, Optional<User> user, LocalDate today) {
    StringBuilder s = new StringBuilder(t(t, "admin.wd",
        Html.code(w.reference()),
        Html.escape(user.map(u -> t.name(u.displayName()) + " · " + u.telegramId()).orElse("#" + w.userId())),
        w.amount().format(), w.fee().format(),
        Html.escape(w.account().bank().name()), Html.code(w.account().accountNumber()),
        Html.escape(w.account().holderName()),
        t.dateTime(w.createdAt()),
        t.messages().date(t.language(), w.dueDate().atStartOfDay(Withdrawals.WIB).toInstant())));
    if (w.dueDate().isBefore(today)) {
      s.append('\n').append(t(t, "admin.wd.overdue"));
    }
    return s.toString();
  }

  InlineKeyboardMarkup withdrawalButtons(Turn t, Withdrawal w) {
    return Keyboards.inline(List.of(
        Keyboards.button(t(t, "admin.button.paid"), "adm:paid:" + w.reference()),
        Keyboards.button(t(t, "admin.button.failed"), "adm:fail:" + w.reference())));
  }

  String payment(Turn t, PaymentToReview p) {
    StringBuilder s = new StringBuilder(t(t, "admin.review.item", p.id(), Html.escape(p.provider()),
        Html.escape(outcome(t, p.outcome())), t.dateTime(p.receivedAt())));
    p.subject().ifPresent(x -> s.append('\n').append(t(t, "admin.review.subject", Html.code(x))));
    p.amount().ifPresent(a -> s.append('\n').append(t(t, "admin.review.amount", a.format())));
    p.eventKey().ifPresent(k -> s.append('\n').append(t(t, "admin.review.event", Html.code(abbreviate(k, 80)))));
    p.error().ifPresent(e -> s.append('\n').append(t(t, "admin.review.error", Html.escape(abbreviate(e, 300)))));
    return s.toString();
  }

  InlineKeyboardMarkup paymentButtons(Turn t, PaymentToReview p) {
    return Keyboards.inline(List.of(Keyboards.button(t(t, "admin.button.resolve"), "adm:ok:" + p.id())));
  }

  /** Outcomes we know get a human name; an unknown one is shown as stored. */
  private String outcome(Turn t, String outcome) {
    String key = "admin.outcome." + outcome;
    return texts.has(t.language(), key) ? t(t, key) : outcome;
  }

  String reconciliation(Turn t, Reconciliation.Report r) {
    StringBuilder s = new StringBuilder(r.holds() ? t(t, "admin.rec.ok") : t(t, "admin.rec.broken", r.violations().size()));
    s.append('\n').append(t(t, "admin.rec.counts", r.transfers(), r.entries(), r.accounts()));
    s.append('\n').append(t(t, "admin.rec.wallets", r.walletTotal().format()));
    s.append('\n').append(t(t, "admin.rec.system"));
    r.systemBalances().forEach((code, m) -> s.append("\n• ").append(Html.escape(code)).append("  ").append(m.format()));
    r.violations().stream().limit(5).forEach(v -> s.append("\n⚠️ ").append(Html.escape(v)));
    return s.toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() > max ? s.substring(0, max) + "…" : s;
  }
}
