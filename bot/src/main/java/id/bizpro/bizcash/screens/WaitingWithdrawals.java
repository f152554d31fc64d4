package id.bizpro.bizcash.screens;

import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.withdrawal.Withdrawal;
import java.util.List;
import java.util.Optional;

/**
 * The user's withdrawals waiting for payout, each with its reference, amount, account, status and
 * latest payout date: shown by {@code /withdraw} and in the balance block. Stateless.
 */
public final class WaitingWithdrawals {
  private WaitingWithdrawals() {}

  /** The list as HTML, or empty when nothing is waiting. */
  public static Optional<String> of(Turn t, List<Withdrawal> pending) {
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder(t.t("withdrawals.waiting", pending.size()));
    for (Withdrawal w : pending) {
      s.append('\n').append(t.t("withdrawals.waiting.item", Html.code(w.reference()), w.amount().format(),
          Html.escape(t.account(w.account())), t.t("withdrawals.status." + w.status().name().toLowerCase()),
          t.messages().date(t.language(), w.dueDate().atTime(12, 0).atZone(Messages.WIB).toInstant())));
    }
    return Optional.of(s.toString());
  }
}
