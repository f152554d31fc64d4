package id.bizpro.bizcash.pin;

import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.suspense.MoneyOutBlocks;
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

  public MoneyOut(PendingActions pendingActions, MoneyOutBlocks blocks) {
    this.pendingActions = pendingActions;
    this.blocks = blocks;
  }

  PinStore pins() {
    return pins;
  }

  PendingActions pendingActions() {
    return pendingActions;
  }

  /**
   * False (and the user told why) when money-out is locked: by wrong PINs until a time, or by a
   * payment the gateway took back that the wallet could not cover, until an admin resolves it.
   * Checked in the turn's transaction, at the start of a flow and again at the confirm step.
   */
  public boolean ensureUnlocked(Turn t) {
    Optional<MoneyOutBlocks.Block> block = blocks.openFor(t.handle(), t.user().id());
    if (block.isPresent()) {
      t.send(t.t("moneyout.blocked", Html.code(block.get().reference()), block.get().shortfall().format()), t.menu());
      return false;
    }
    Optional<java.time.Instant> until = pins.lockedUntil(t.handle(), t.user().id(), t.now());
    until.ifPresent(u -> t.send(t.t("pin.locked", t.dateTime(u)), t.menu()));
    return until.isEmpty();
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

  /** Settings: change (or set) the PIN outside a money-out. */
  public void startPinChange(Turn t) {
    if (!ensureUnlocked(t)) {
      return;
    }
    t.abandonFlow();
    if (pins.isSet(t.handle(), t.user().id())) {
      t.send(t.t("pin.enter_old"));
      t.go(new PinState.EnteringOld());
    } else {
      t.send(t.t("pin.choose"));
      t.go(new PinState.Choosing(null));
    }
  }
}
