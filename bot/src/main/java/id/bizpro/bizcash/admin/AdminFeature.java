package id.bizpro.bizcash.admin;

import id.bizpro.bizcash.user.Users;
import java.time.Clock;
import java.util.Set;

import id.bizpro.bizcash.admin.AdminQueries.PaymentToReview;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.ledger.Reconciliation;
import id.bizpro.bizcash.money.References;
import id.bizpro.bizcash.payment.PaymentAlerts;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.suspense.UnappliedReceipts;
import id.bizpro.bizcash.user.User;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import id.bizpro.bizcash.withdrawal.Withdrawals;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin} for BizPro's finance admins (ADMIN_TELEGRAM_IDS): the withdrawal queue oldest first
 * with due dates, where a withdrawal is marked paid with the bank transfer reference or failed with
 * a reason; the payments that need review; and the reconciliation summary.
 *
 * <p>Guarantees: to anyone else {@code /admin} answers exactly like an unknown command, it is not
 * in their command menu, and its buttons answer like any invalid button. Every press and every
 * typed answer checks again that the sender is an admin and that the withdrawal is still pending;
 * settling happens in the turn's transaction through {@link Withdrawals#markPaid} / {@link
 * Withdrawals#markFailed}, which locks the
 * withdrawal and is idempotent, so a double tap, a second admin or a repeated answer settles once
 * and the user is notified once (through the outbox, in the same transaction). Thread-safe.
 */
public record AdminFeature(
    Set<Long> adminTelegramIds,
    Users users,
    Withdrawals withdrawals,
    AdminQueries queries,
    UnappliedReceipts receipts,
    MoneyOutBlocks blocks,
    Clock clock) implements Feature {
  private static final Logger log = LoggerFactory.getLogger(AdminFeature.class);
  /** One message per queued withdrawal or payment: more would flood the admin's chat. */
  static final int PAGE = 10;
  private static final AdminScreens screens = new AdminScreens();

  /** @param adminTelegramIds ADMIN_TELEGRAM_IDS: who may use {@code /admin} */
  public AdminFeature {
    adminTelegramIds = Set.copyOf(adminTelegramIds);
  }

  @Override
  public void register(Router router) {
    // No description key: the command stays out of everyone's setMyCommands menu.
    router.command("admin", null, this::start);
    router.callback("adm", this::press);
    router.flow(
        AdminState.class,
        Map.of(
            "admin.payout_reference", AdminState.AwaitingPayoutReference.class,
            "admin.failure_reason", AdminState.AwaitingFailureReason.class,
            "admin.refund_reference", AdminState.AwaitingRefundReference.class),
        this::step);
  }

  private boolean isAdmin(Turn t) {
    return adminTelegramIds.contains(t.user().telegramId());
  }

  private void start(Turn t, String args) {
    if (!isAdmin(t)) {
      // Word for word the dispatcher's answer to a command that does not exist.
      t.send(t.t("command.unknown", "admin"), t.menu());
      return;
    }
    t.abandonFlow();
    // The reconciliation reads one REPEATABLE READ snapshot of its own: it cannot join the turn.
    t.sendAfterCommit(() -> new Turn.Reply(
        screens.menu(t, withdrawals.pendingQueue(1_000).size(), queries.paymentsToReviewCount(),
            queries.reconciliation(), receipts.openCount(), receipts.openTotal(), blocks.open(1_000).size())
            + platformCallbacksFailing(t),
        screens.menuButtons(t)));
  }

  /** A line when callbacks to the BizPro platform keep failing (they are retried until a 2xx). */
  private String platformCallbacksFailing(Turn t) {
    var failing = queries.platformCallbacksFailing(1_000);
    if (failing.isEmpty()) {
      return "";
    }
    var oldest = failing.get(0);
    return "\n\n" + screens.t(t, "platform.admin.callbacks_failing", failing.size(),
        id.bizpro.bizcash.i18n.Html.escape(oldest.type()), oldest.attempts(),
        id.bizpro.bizcash.i18n.Html.escape(oldest.lastError()), t.dateTime(oldest.nextAttemptAt()));
  }

  private void press(Turn t, String data) {
    if (!isAdmin(t)) {
      log.warn("Admin button pressed by non-admin Telegram user {}", t.user().telegramId());
      t.answer(t.t("callback.invalid"));
      return;
    }
    int colon = data.indexOf(':');
    String action = colon < 0 ? data : data.substring(0, colon);
    String arg = colon < 0 ? "" : data.substring(colon + 1);
    switch (action) {
      case "q" -> {
        t.answer(screens.t(t, "admin.button.queue"));
        queue(t);
      }
      case "rv" -> {
        t.answer(screens.t(t, "admin.button.review"));
        review(t);
      }
      case "rec" -> {
        t.answer(screens.t(t, "admin.button.reconciliation"));
        t.sendAfterCommit(() -> new Turn.Reply(screens.reconciliation(t, queries.reconciliation()), null));
      }
      case "sus" -> {
        t.answer(screens.t(t, "admin.button.suspense"));
        suspense(t);
      }
      case "blk" -> {
        t.answer(screens.t(t, "admin.button.blocks"));
        blocked(t);
      }
      case "sc" -> creditReceipt(t, arg);
      case "sr" -> askRefundReference(t, arg);
      case "ub" -> unblock(t, arg);
      case "paid", "fail" -> askDetail(t, arg, action.equals("paid"));
      case "ok" -> resolve(t, arg);
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  private void queue(Turn t) {
    List<Withdrawal> queue = withdrawals.pendingQueue(PAGE + 1);
    if (queue.isEmpty()) {
      t.send(screens.t(t, "admin.queue.empty"));
      return;
    }
    t.send(screens.t(t, "admin.queue.title", Math.min(queue.size(), PAGE)));
    LocalDate today = LocalDate.now(clock.withZone(Withdrawals.WIB));
    for (Withdrawal w : queue.subList(0, Math.min(queue.size(), PAGE))) {
      t.send(screens.withdrawal(t, w, users.byId(t.handle(), w.userId()), today), screens.withdrawalButtons(t, w));
    }
    if (queue.size() > PAGE) {
      t.send(screens.t(t, "admin.queue.more", PAGE));
    }
  }

  private void review(Turn t) {
    List<PaymentToReview> payments = queries.paymentsToReview(PAGE);
    if (payments.isEmpty()) {
      t.send(screens.t(t, "admin.review.empty"));
      return;
    }
    t.send(screens.t(t, "admin.review.title", queries.paymentsToReviewCount()));
    for (PaymentToReview p : payments) {
      t.send(screens.payment(t, p), screens.paymentButtons(t, p));
    }
  }

  /** Money held in suspense, oldest first, each with "credit to wallet" and "mark refunded". */
  private void suspense(Turn t) {
    List<UnappliedReceipts.Receipt> open = receipts.open(PAGE + 1);
    if (open.isEmpty()) {
      t.send(screens.t(t, "admin.suspense.empty"));
      return;
    }
    t.send(screens.t(t, "admin.suspense.title", receipts.openCount(), receipts.openTotal().format()));
    for (UnappliedReceipts.Receipt r : open.subList(0, Math.min(open.size(), PAGE))) {
      Optional<User> owner = r.userId().flatMap(id -> users.byId(t.handle(), id));
      t.send(screens.receipt(t, r, owner), screens.receiptButtons(t, r));
    }
    if (open.size() > PAGE) {
      t.send(screens.t(t, "admin.queue.more", PAGE));
    }
  }

  private Optional<Long> id(Turn t, String arg) {
    if (!arg.matches("\\d{1,18}")) {
      t.answer(t.t("callback.invalid"));
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(arg));
  }

  /** One idempotent ledger transfer, in this turn's transaction; a second press changes nothing. */
  private void creditReceipt(Turn t, String arg) {
    Optional<Long> id = id(t, arg);
    if (id.isEmpty()) {
      return;
    }
    switch (receipts.creditToWallet(t.handle(), id.get(), t.user().telegramId())) {
      case UnappliedReceipts.CreditResult.Credited c -> {
        log.info("Admin {} credited {} ({}) to user {}", t.user().telegramId(), c.receipt().reference(),
            c.credited().rupiah(), c.receipt().userId().orElse(0L));
        t.answer(c.receipt().reference());
        t.send(screens.t(t, "admin.suspense.credited", Html.code(c.receipt().reference()), c.credited().format()));
        c.rest().ifPresent(rest ->
            t.send(screens.t(t, "admin.suspense.rest", rest.amount().format(), Html.code(rest.reference()))));
      }
      case UnappliedReceipts.CreditResult.AlreadyResolved a ->
          t.answer(screens.t(t, "admin.suspense.already", a.receipt().reference()));
      case UnappliedReceipts.CreditResult.NoUser n ->
          t.answer(screens.t(t, "admin.suspense.no_user", n.receipt().reference()));
      case UnappliedReceipts.CreditResult.AtCap c ->
          t.answer(screens.t(t, "admin.suspense.at_cap", c.receipt().reference(), c.cap().format()));
      case UnappliedReceipts.CreditResult.NotFound n -> t.answer(t.t("callback.invalid"));
    }
  }

  private void askRefundReference(Turn t, String arg) {
    Optional<Long> id = id(t, arg);
    if (id.isEmpty()) {
      return;
    }
    Optional<UnappliedReceipts.Receipt> r = receipts.byId(id.get());
    if (r.isEmpty()) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    if (r.get().status() != UnappliedReceipts.Status.OPEN) {
      t.answer(screens.t(t, "admin.suspense.already", r.get().reference()));
      return;
    }
    t.abandonFlow();
    t.answer(r.get().reference());
    t.go(new AdminState.AwaitingRefundReference(r.get().id(), r.get().reference()));
    t.send(screens.t(t, UnappliedReceipts.fromPlatform(r.get()) ? "admin.ask_return_platform_reference" : "admin.ask_refund_reference",
        Html.code(r.get().reference()), r.get().amount().format()));
  }

  private void blocked(Turn t) {
    List<MoneyOutBlocks.Block> open = blocks.open(PAGE);
    if (open.isEmpty()) {
      t.send(screens.t(t, "admin.blocks.empty"));
      return;
    }
    for (MoneyOutBlocks.Block b : open) {
      t.send(screens.block(t, b, users.byId(t.handle(), b.userId())), screens.blockButtons(t, b));
    }
  }

  private void unblock(Turn t, String arg) {
    Optional<Long> id = id(t, arg);
    if (id.isEmpty()) {
      return;
    }
    boolean lifted = blocks.resolve(t.handle(), id.get(), t.user().telegramId(), "lifted in Telegram /admin");
    t.answer(screens.t(t, lifted ? "admin.blocks.lifted" : "admin.blocks.already", id.get()));
    if (lifted) {
      log.info("Admin {} lifted money-out block #{}", t.user().telegramId(), id.get());
      t.send(screens.t(t, "admin.blocks.lifted", id.get()));
    }
  }

  /** "Mark paid" or "Failed": check the withdrawal is still pending, then wait for the detail. */
  private void askDetail(Turn t, String reference, boolean paid) {
    Optional<Withdrawal> w = References.normalise(References.WITHDRAWAL, reference).flatMap(withdrawals::byReference);
    if (w.isEmpty()) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    if (w.get().status() != Withdrawal.Status.PENDING) {
      t.answer(alreadySettled(t, w.get()));
      return;
    }
    t.abandonFlow();
    String ref = w.get().reference();
    t.answer(ref);
    if (paid) {
      t.go(new AdminState.AwaitingPayoutReference(ref));
      t.send(screens.t(t, "admin.ask_payout_reference", Html.code(ref), w.get().amount().format()));
    } else {
      t.go(new AdminState.AwaitingFailureReason(ref));
      t.send(screens.t(t, "admin.ask_failure_reason", Html.code(ref)));
    }
  }

  private void step(Turn t, AdminState state, Input input) {
    if (!isAdmin(t)) {
      // Removed from ADMIN_TELEGRAM_IDS while in the middle of it.
      t.endFlow();
      t.send(t.t("idle.hint"), t.menu());
      return;
    }
    if (!(input instanceof Input.Text text)) {
      t.send(t.t("input.text_needed"));
      return;
    }
    String typed = text.text().strip();
    switch (state) {
      case AdminState.AwaitingPayoutReference p -> {
        if (!typed.matches("[A-Za-z0-9 ./_#:-]{3,64}")) {
          t.send(screens.t(t, "admin.bad_payout_reference"));
          return;
        }
        settle(t, p.withdrawal(), true, typed);
      }
      case AdminState.AwaitingFailureReason f -> {
        if (typed.length() < 3 || typed.length() > 200) {
          t.send(screens.t(t, "admin.bad_failure_reason"));
          return;
        }
        settle(t, f.withdrawal(), false, typed);
      }
      case AdminState.AwaitingRefundReference r -> {
        if (!typed.matches("[A-Za-z0-9 ./_#:-]{3,64}")) {
          t.send(screens.t(t, "admin.bad_payout_reference"));
          return;
        }
        t.endFlow();
        switch (receipts.markRefunded(t.handle(), r.receiptId(), t.user().telegramId(), typed)) {
          case UnappliedReceipts.RefundResult.Refunded done -> {
            log.info("Admin {} marked {} refunded", t.user().telegramId(), done.receipt().reference());
            t.send(screens.t(t,
                UnappliedReceipts.fromPlatform(done.receipt()) ? "admin.suspense.returned_platform" : "admin.suspense.refunded",
                Html.code(done.receipt().reference()), done.receipt().amount().format(), Html.code(typed)));
          }
          case UnappliedReceipts.RefundResult.AlreadyResolved a ->
              t.send(screens.t(t, "admin.suspense.already", a.receipt().reference()));
          case UnappliedReceipts.RefundResult.NotFound n -> t.send(t.t("callback.invalid"));
        }
      }
    }
  }

  private void settle(Turn t, String reference, boolean paid, String detail) {
    t.endFlow();
    switch ((paid ? withdrawals.markPaid(t.handle(), reference, detail) : withdrawals.markFailed(t.handle(), reference, detail))) {
      case Withdrawals.SettleResult.Settled s -> {
        Withdrawal w = s.withdrawal();
        log.info("Admin {} marked {} {}", t.user().telegramId(), w.reference(), paid ? "paid" : "failed");
        t.send(paid
            ? screens.t(t, "admin.settled_paid", Html.code(w.reference()), w.amount().format(), Html.code(detail))
            : screens.t(t, "admin.settled_failed", Html.code(w.reference()), w.total().format(), Html.escape(detail)));
      }
      case Withdrawals.SettleResult.AlreadySettled s -> t.send(alreadySettled(t, s.withdrawal()));
      case Withdrawals.SettleResult.SettledOtherwise s -> t.send(alreadySettled(t, s.withdrawal()));
      case Withdrawals.SettleResult.NotFound n -> t.send(t.t("callback.invalid"));
    }
  }

  private String alreadySettled(Turn t, Withdrawal w) {
    return screens.t(t, w.status() == Withdrawal.Status.PAID ? "admin.already_paid" : "admin.already_failed", w.reference());
  }

  private void resolve(Turn t, String id) {
    if (!id.matches("\\d{1,18}")) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    boolean resolved = queries.resolvePayment(Long.parseLong(id), t.user().telegramId(), "reviewed in Telegram /admin");
    t.answer(screens.t(t, resolved ? "admin.resolved" : "admin.already_resolved", id));
    if (resolved) {
      t.send(screens.t(t, "admin.resolved", id));
    }
  }
}
