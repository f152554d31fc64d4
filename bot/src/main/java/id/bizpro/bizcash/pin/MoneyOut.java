package id.bizpro.bizcash.pin;

import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
import id.bizpro.bizcash.user.PinResets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What money-out features ask of the confirmation step: whether money-out is unlocked, a
 * confirmation with buttons, a PIN change. The buttons and the PIN are then handled by {@link
 * MoneyOutFeature}, which carries out the action with the executor injected for its kind.
 * Thread-safe.
 */
public final class MoneyOut {
  /** How long a confirmation button stays valid. */
  public static final Duration CONFIRM_TTL = Duration.ofMinutes(15);

  private final PendingActions pendingActions;
  private final MoneyOutBlocks blocks;
  private final PinStore pins = new PinStore();
  private final PinResets resets;

  public MoneyOut(PendingActions pendingActions, MoneyOutBlocks blocks, PinResets resets) {
    this.pendingActions = pendingActions;
    this.blocks = blocks;
    this.resets = resets;
  }

  PinResets resets() {
    return resets;
  }

  PinStore pins() {
    return pins;
  }

  PendingActions pendingActions() {
    return pendingActions;
  }

  /**
   * False (and the user told why) when money-out is locked: by wrong PINs until a time (the
   * message offers "Forgot PIN"), by an open PIN reset until a new PIN is set or the reset is
   * cancelled, or by a payment the gateway took back that the wallet could not cover, until an
   * admin resolves it. Checked in the turn's transaction, at the start of a flow and again at the
   * confirm step.
   */
  public boolean ensureUnlocked(Turn t) {
    Optional<MoneyOutBlocks.Block> block = blocks.openFor(t.handle(), t.user().id());
    if (block.isPresent()) {
      t.send(t.t("moneyout.blocked", Html.code(block.get().reference()), block.get().shortfall().format()), t.menu());
      return false;
    }
    Optional<PinResets.Reset> reset = resets.open(t.handle(), t.user().id());
    if (reset.isPresent()) {
      showReset(t, reset.get());
      return false;
    }
    Optional<java.time.Instant> until = pins.lockedUntil(t.handle(), t.user().id(), t.now());
    until.ifPresent(u -> sendLocked(t, u));
    return until.isEmpty();
  }

  /** The lockout message, with "Forgot PIN" under it. */
  static void sendLocked(Turn t, java.time.Instant until) {
    t.send(t.t("pin.locked", t.dateTime(until)) + "\n" + t.t("pin.locked.forgot"),
        Keyboards.inline(List.of(Keyboards.button(t.t("button.forgot_pin"), "pr:ask"))));
  }

  /**
   * Where an open reset stands: waiting until a time (with a cancel button), or ready (with a
   * button to set the new PIN, and one to cancel).
   */
  static void showReset(Turn t, PinResets.Reset reset) {
    if (reset.isReady(t.now())) {
      t.send(t.t("pin.reset.ready"), Keyboards.inline(
          List.of(Keyboards.button(t.t("button.set_new_pin"), "pr:new")),
          List.of(Keyboards.button(t.t("button.cancel_reset"), "pr:cancel"))));
    } else {
      t.send(t.t("pin.reset.waiting", t.dateTime(reset.readyAt())), Keyboards.inline(
          List.of(Keyboards.button(t.t("button.cancel_reset"), "pr:cancel"))));
    }
  }

  /** Stores the action, shows {@code summaryHtml} with confirm / cancel buttons, waits for them. */
  public void askToConfirm(Turn t, String kind, Object payload, String summaryHtml) {
    long id = pendingActions.create(t.handle(), t.user().id(), kind, payload, t.now(), CONFIRM_TTL);
    t.send(
        summaryHtml,
        Keyboards.inline(
            List.of(Keyboards.button(t.t("button.confirm"), "pa:ok:" + id), Keyboards.button(t.t("button.cancel"), "pa:no:" + id))));
    t.go(new PinState.Confirming(id));
  }

  /**
   * Settings: change (or set) the PIN outside a money-out; with an open reset, where it stands
   * (or, once ready, the new PIN's prompt). The old PIN's prompt offers "Forgot PIN".
   */
  public void startPinChange(Turn t) {
    Optional<PinResets.Reset> reset = resets.open(t.handle(), t.user().id());
    if (reset.isPresent()) {
      t.abandonFlow();
      if (reset.get().isReady(t.now())) {
        t.send(t.t("pin.choose"));
        t.go(new PinState.Choosing(null));
      } else {
        showReset(t, reset.get());
      }
      return;
    }
    if (!ensureUnlocked(t)) {
      return;
    }
    t.abandonFlow();
    if (pins.isSet(t.handle(), t.user().id())) {
      t.send(t.t("pin.enter_old"), Keyboards.inline(List.of(Keyboards.button(t.t("button.forgot_pin"), "pr:ask"))));
      t.go(new PinState.EnteringOld());
    } else {
      t.send(t.t("pin.choose"));
      t.go(new PinState.Choosing(null));
    }
  }
}
