package id.bizpro.bizcash.bayar;

import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.i18n.Messages;
import id.bizpro.bizcash.ppob.Operators;
import id.bizpro.bizcash.ppob.PpobPurchase;
import id.bizpro.bizcash.ppob.PpobPurchases;
import id.bizpro.bizcash.ppob.PpobService;
import id.bizpro.bizcash.user.Language;
import java.util.List;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;

/**
 * The admins' PPOB commands ({@code ADMIN_TELEGRAM_IDS}): {@code /ppob} (the provider deposit,
 * pending purchases with the stuck ones marked, margin per day), {@code /ppob_ok REF SN} and {@code
 * /ppob_fail REF} (settle a stuck purchase; the provider is asked first), {@code /ppob_check}
 * (reconcile recent settled purchases with the provider). To anyone else they answer as unknown
 * commands. Provider calls run after the turn commits. Registered with {@link PpobFeature}.
 */
public record PpobAdminFeature(PpobService ppob, Set<Long> adminTelegramIds) implements Feature {
  @Override
  public void register(Router router) {
    router.command("ppob", null, (t, args) -> admin(t));
    router.command("ppob_ok", null, (t, args) -> adminMark(t, args, true));
    router.command("ppob_fail", null, (t, args) -> adminMark(t, args, false));
    router.command("ppob_check", null, (t, args) -> providerCheck(t));
  }

  private boolean isAdmin(Turn t) {
    if (!adminTelegramIds.contains(t.user().telegramId())) {
      t.send(t.t("command.unknown", "ppob"), t.menu());
      return false;
    }
    return true;
  }

  private void admin(Turn t) {
    if (!isAdmin(t)) {
      return;
    }
    StringBuilder s = new StringBuilder(t.t("ppob.admin.title") + PpobFeature.simulationNote(t, ppob) + "\n");
    s.append(ppob.deposits().last()
        .map(d -> t.t("ppob.admin.deposit", d.getKey().format(), t.dateTime(d.getValue()),
            ppob.settings().minDepositAlert().format()))
        .orElse(t.t("ppob.admin.deposit_unknown")));
    List<PpobPurchase> pending = ppob.purchases().pending(20);
    s.append("\n\n").append(t.t("ppob.admin.pending", pending.size()));
    java.time.Instant stuckBefore = t.now().minus(ppob.settings().pendingReview());
    for (PpobPurchase p : pending) {
      s.append("\n").append(t.t(p.createdAt().isBefore(stuckBefore) ? "ppob.admin.line_stuck" : "ppob.admin.line",
          Html.code(p.reference()), Html.escape(p.productName()), Html.escape(Operators.mask(p.customerNo())),
          p.sellPrice().format(), t.dateTime(p.createdAt())));
    }
    s.append("\n\n").append(t.t("ppob.admin.margin"));
    ppob.purchases().marginPerDay(7).forEach((day, m) -> s.append("\n").append(day).append(": ").append(m.format()));
    s.append("\n\n").append(t.t("ppob.admin.howto"));
    t.send(s.toString(), t.menu());
  }

  /** Reconciles recent settled purchases with the provider's answers; the calls run after the turn commits. */
  private void providerCheck(Turn t) {
    if (!isAdmin(t)) {
      return;
    }
    t.send(t.t("ppob.admin.check_started"));
    Language language = t.language();
    Messages messages = t.messages();
    t.sendAfterCommit(() -> {
      PpobService.ProviderCheck c = ppob.reconcileWithProvider(50);
      StringBuilder s = new StringBuilder(messages.get(language, "ppob.admin.check_done", c.checked(), c.mismatches().size(),
          c.unreachable(), c.notAsked()));
      for (PpobService.Mismatch m : c.mismatches()) {
        s.append("\n").append(messages.get(language, "ppob.admin.check_line", Html.code(m.purchase().reference()),
            m.purchase().status().name().toLowerCase(), m.providerSays()));
      }
      return new Turn.Reply(s.toString(), null);
    });
  }

  /**
   * {@code /ppob_ok REF SN} or {@code /ppob_fail REF}. The provider is asked first (its definite
   * answer wins), so the decision runs after the turn commits, with no transaction open.
   */
  private void adminMark(Turn t, String args, boolean success) {
    if (!isAdmin(t)) {
      return;
    }
    String[] parts = args.strip().split("\\s+", 2);
    if (parts[0].isBlank() || (success && parts.length < 2)) {
      t.send(t.t("ppob.admin.howto"), t.menu());
      return;
    }
    String by = t.user().username().map(u -> "@" + u).orElse("admin " + t.user().telegramId());
    Language language = t.language();
    Messages messages = t.messages();
    ReplyKeyboard menu = t.menu();
    t.sendAfterCommit(() -> new Turn.Reply(
        answer(messages, language, parts[0], ppob.adminMark(parts[0], success, success ? parts[1] : null, by)), menu));
  }

  private static String answer(Messages messages, Language language, String reference, PpobService.AdminResult r) {
    return switch (r) {
      case PpobService.AdminResult.ProviderStillPending p ->
          messages.get(language, "ppob.admin.still_pending", Html.code(reference));
      case PpobService.AdminResult.ProviderDecided d ->
          messages.get(language, "ppob.admin.provider_decided", Html.code(reference), d.status().name().toLowerCase());
      case PpobService.AdminResult.Done d -> switch (d.result()) {
        case PpobPurchases.SettleResult.Settled s -> messages.get(language, "ppob.admin.marked",
            Html.code(s.purchase().reference()), s.purchase().status().name().toLowerCase());
        case PpobPurchases.SettleResult.AlreadySettled s -> messages.get(language, "ppob.admin.already",
            Html.code(s.purchase().reference()), s.purchase().status().name().toLowerCase());
        case PpobPurchases.SettleResult.Contradicted s -> messages.get(language, "ppob.admin.already",
            Html.code(s.purchase().reference()), s.purchase().status().name().toLowerCase());
        case PpobPurchases.SettleResult.NotFound n -> messages.get(language, "ppob.admin.not_found", Html.code(reference));
      };
    };
  }
}
