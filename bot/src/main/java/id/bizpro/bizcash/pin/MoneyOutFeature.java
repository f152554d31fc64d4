package id.bizpro.bizcash.pin;

import id.bizpro.bizcash.conversation.Handlers;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Input;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.PendingActions;
import id.bizpro.bizcash.conversation.PendingActions.PendingAction;
import id.bizpro.bizcash.conversation.PendingActions.Status;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.user.PinResets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end of every money-out flow: a confirmation with buttons that carry a pending action's id
 * (asked for through {@link MoneyOut}), then the PIN (chosen on the first money-out), then the
 * executor injected for the action's kind moves the money with the action id as idempotency key. Double taps, old buttons, forged ids and other users' buttons
 * move money at most once and get a short answer. A message typed at a PIN prompt is deleted
 * whatever happens to the turn; a message that looks like a PIN anywhere no step wants a number
 * is deleted too (see {@link #misplacedPin}). Thread-safe.
 */
public final class MoneyOutFeature implements Feature {
  /** How long a confirmation button stays valid. */
  public static final Duration CONFIRM_TTL = MoneyOut.CONFIRM_TTL;

  private final MoneyOut moneyOut;
  private final PinStore pins;
  private final PinResets resets;
  private final PendingActions pendingActions;
  private final Map<String, Handlers.ActionExecutor> executors;
  private final java.util.Set<String> pinIfSet;

  /**
   * @param executors what carries out a confirmed action, by the kind its feature gave {@link
   *     MoneyOut#askToConfirm}
   */
  public MoneyOutFeature(MoneyOut moneyOut, Map<String, Handlers.ActionExecutor> executors) {
    this(moneyOut, executors, java.util.Set.of());
  }

  /**
   * @param pinIfSet kinds confirmed by the button alone for a user without a PIN (a user with one
   *     still enters it): confirmations that move no money out, such as a BizPro account link
   */
  public MoneyOutFeature(MoneyOut moneyOut, Map<String, Handlers.ActionExecutor> executors,
      java.util.Set<String> pinIfSet) {
    this.pinIfSet = java.util.Set.copyOf(pinIfSet);
    this.moneyOut = moneyOut;
    this.pins = moneyOut.pins();
    this.resets = moneyOut.resets();
    this.pendingActions = moneyOut.pendingActions();
    this.executors = Map.copyOf(executors);
  }

  @Override
  public void register(Router router) {
    router.callback("pa", this::press);
    router.callback("pr", this::pressReset);
    router.textGuard(this::misplacedPin);
    router.flow(
        PinState.class,
        Map.of(
            "pin.confirming", PinState.Confirming.class,
            "pin.entering", PinState.Entering.class,
            "pin.entering_old", PinState.EnteringOld.class,
            "pin.choosing", PinState.Choosing.class,
            "pin.repeating", PinState.Repeating.class),
        this::step);
  }

  /**
   * A message that looks like a PIN ({@link Input#looksLikePin}) where no step wants a number: the
   * PIN prompt is gone (the action expired, was cancelled or done) or the user typed the PIN in the
   * wrong place — at the confirmation, as a note, with no flow. For a user who has a PIN it is
   * deleted, and the user told why; the step never sees it (a note would show it to the
   * recipient). The digits are deliberately not compared with the PIN: an answer that depended on
   * the comparison would let whoever holds the phone try PINs here past the lockout, and counting
   * these as wrong PINs would lock people out for typing a number. Users without a PIN have
   * nothing to leak, and their message goes on to the step.
   */
  private boolean misplacedPin(Turn t, Input.Text text) {
    if (!Input.looksLikePin(text.text()) || (t.state() != null && t.state().wantsDigits())
        || !pins.isSet(t.handle(), t.user().id())) {
      return false;
    }
    t.deleteWhateverHappens(text.messageId());
    if (t.state() == null) {
      t.send(t.t("pin.misplaced"), t.menu());
    } else {
      t.send(t.t("pin.misplaced.in_flow")); // the chat stays at its step
    }
    return true;
  }

  private void press(Turn t, String data) {
    String[] parts = data.split(":", 2);
    Optional<Long> id = parts.length == 2 && parts[1].matches("\\d{1,18}") ? Optional.of(Long.parseLong(parts[1])) : Optional.empty();
    Optional<PendingAction> action = id.flatMap(i -> pendingActions.lock(t.handle(), i));
    // A forged id and someone else's action get the same answer: we do not confirm that it exists.
    if (action.isEmpty() || action.get().userId() != t.user().id() || !(parts[0].equals("ok") || parts[0].equals("no"))) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    PendingAction a = action.get();
    if (a.status() != Status.PENDING) {
      t.answer(t.t("action." + a.status().name().toLowerCase()));
      return;
    }
    boolean current = t.state() != null && Long.valueOf(a.id()).equals(t.state().waitingActionId());
    if (a.expiresAt().isBefore(t.now()) || !current) {
      // An old button: the user left this flow (or it timed out); it can never move money now.
      PendingActions.resolve(t.handle(), a.id(), Status.EXPIRED, t.now());
      if (current) {
        t.endFlow();
      }
      t.answer(t.t("action.expired"));
      return;
    }
    if (parts[0].equals("no")) {
      PendingActions.resolve(t.handle(), a.id(), Status.CANCELLED, t.now());
      t.endFlow();
      t.answer(t.t("action.cancelled"));
      t.send(t.t("cancel.done"), t.menu());
      return;
    }
    if (!(t.state() instanceof PinState.Confirming)) {
      t.answer(t.t("pin.waiting")); // a second tap while we already wait for the PIN
      return;
    }
    if (!moneyOut.ensureUnlocked(t)) {
      PendingActions.resolve(t.handle(), a.id(), Status.CANCELLED, t.now());
      t.endFlow();
      return;
    }
    boolean hasPin = pins.isSet(t.handle(), t.user().id());
    t.answer(t.t(hasPin ? "pin.waiting" : "pin.waiting_new"));
    if (hasPin) {
      t.send(t.t("pin.enter"));
      t.go(new PinState.Entering(a.id()));
    } else if (pinIfSet.contains(a.kind())) {
      carryOut(t, a.id());
    } else {
      t.send(t.t("pin.choose_first"));
      t.go(new PinState.Choosing(a.id()));
    }
  }

  private void step(Turn t, PinState state, Input input) {
    if (state instanceof PinState.Confirming) {
      t.send(t.t("confirm.use_buttons"));
      return;
    }
    String pin = input instanceof Input.Text text ? text.text().strip() : null;
    // The message may carry a PIN: it must not stay in the chat history, whatever we make of it
    // and even if this turn fails, so the deletion is not a reply held until commit.
    if (input instanceof Input.Text) {
      t.deleteWhateverHappens(input.messageId());
    }
    if (!PinHasher.isWellFormed(pin)) {
      t.send(t.t("pin.format"));
      return;
    }
    if (state instanceof PinState.Choosing) {
      Optional<WeakPins.Reason> weak = WeakPins.reason(pin);
      if (weak.isPresent()) {
        t.send(t.t(weak.get().key()) + "\n" + t.t("pin.weak.again"));
        return;
      }
    }
    switch (state) {
      case PinState.Confirming c -> throw new IllegalStateException("handled above");
      case PinState.Entering e -> enter(t, e.actionId(), pin);
      case PinState.EnteringOld o -> enterOld(t, pin);
      case PinState.Choosing c -> {
        byte[] salt = PinHasher.newSalt();
        Base64.Encoder b64 = Base64.getEncoder();
        t.go(new PinState.Repeating(c.actionId(), b64.encodeToString(salt),
            b64.encodeToString(PinHasher.hash(pin, salt, PinHasher.ITERATIONS))));
        t.send(t.t("pin.repeat"));
      }
      case PinState.Repeating r -> repeat(t, r, pin);
    }
  }

  private void enter(Turn t, long actionId, String pin) {
    switch (pins.verify(t.handle(), t.user().id(), pin, t.now())) {
      case PinStore.Verdict.Correct c -> carryOut(t, actionId);
      case PinStore.Verdict.Wrong w -> t.send(t.t("pin.wrong", w.attemptsLeft()));
      case PinStore.Verdict.Locked l -> {
        PendingActions.resolve(t.handle(), actionId, Status.CANCELLED, t.now());
        t.endFlow();
        MoneyOut.sendLocked(t, l.until());
      }
      case PinStore.Verdict.NotSet n -> {
        t.send(t.t("pin.choose_first"));
        t.go(new PinState.Choosing(actionId));
      }
    }
  }

  private void enterOld(Turn t, String pin) {
    switch (pins.verify(t.handle(), t.user().id(), pin, t.now())) {
      case PinStore.Verdict.Correct c -> {
        t.send(t.t("pin.choose"));
        t.go(new PinState.Choosing(null));
      }
      case PinStore.Verdict.Wrong w -> t.send(t.t("pin.wrong", w.attemptsLeft()));
      case PinStore.Verdict.Locked l -> {
        t.endFlow();
        MoneyOut.sendLocked(t, l.until());
      }
      case PinStore.Verdict.NotSet n -> {
        t.send(t.t("pin.choose"));
        t.go(new PinState.Choosing(null));
      }
    }
  }

  private void repeat(Turn t, PinState.Repeating r, String pin) {
    Base64.Decoder b64 = Base64.getDecoder();
    if (!PinHasher.matches(pin, b64.decode(r.saltBase64()), PinHasher.ITERATIONS, b64.decode(r.hashBase64()))) {
      t.send(t.t("pin.mismatch"));
      t.go(new PinState.Choosing(r.actionId()));
      return;
    }
    boolean hadPin = pins.isSet(t.handle(), t.user().id());
    pins.set(t.handle(), t.user().id(), pin, t.now());
    boolean reset = resets.complete(t.handle(), t.user().id(), t.now());
    if (reset || hadPin) { // a first PIN is not a change: the user is setting it right here
      PinResets.notifyChanged(t.handle(), t.user().id(), reset ? "reset" : "changed", t.now());
    }
    t.send(t.t(reset ? "pin.saved.reset" : "pin.saved"));
    if (r.actionId() != null) {
      carryOut(t, r.actionId());
    } else {
      t.endFlow();
    }
  }

  /**
   * "Forgot PIN": {@code pr:ask} explains the cooling-off and asks to go on, {@code pr:go} opens
   * the reset (money-out locks at once), {@code pr:cancel} cancels it, {@code pr:new} starts the
   * new PIN once the wait is over. Each answers for the user's own reset only.
   */
  private void pressReset(Turn t, String data) {
    long userId = t.user().id();
    Optional<PinResets.Reset> open = resets.open(t.handle(), userId);
    switch (data) {
      case "ask" -> {
        t.answer(t.t("button.forgot_pin"));
        if (open.isPresent()) {
          MoneyOut.showReset(t, open.get());
          return;
        }
        if (!pins.isSet(t.handle(), userId)) {
          t.send(t.t("pin.reset.no_pin"), t.menu());
          return;
        }
        java.time.Instant ready = t.now().plus(resets.delay());
        t.send(t.t("pin.reset.explain", duration(t, resets.delay()), t.dateTime(ready)), Keyboards.inline(
            List.of(Keyboards.button(t.t("button.reset_pin"), "pr:go")),
            List.of(Keyboards.button(t.t("button.keep_pin"), "pr:keep"))));
      }
      case "go" -> {
        if (!pins.isSet(t.handle(), userId) && open.isEmpty()) {
          t.answer(t.t("callback.invalid"));
          return;
        }
        t.abandonFlow(); // a confirmation waiting for the PIN can no longer be carried out
        PinResets.Reset r = resets.request(t.handle(), userId, t.now());
        t.answer(t.t("pin.reset.requested.toast"));
        t.send(t.t("pin.reset.requested", t.dateTime(r.readyAt())), Keyboards.inline(
            List.of(Keyboards.button(t.t("button.cancel_reset"), "pr:cancel"))));
      }
      case "keep" -> {
        t.answer(t.t("action.cancelled"));
        t.send(t.t("cancel.done"), t.menu());
      }
      case "cancel" -> {
        if (resets.cancel(t.handle(), userId, t.now())) {
          t.abandonFlow();
          t.answer(t.t("action.cancelled"));
          t.send(t.t("pin.reset.cancelled"), t.menu());
        } else {
          t.answer(t.t("pin.reset.none"));
        }
      }
      case "new" -> {
        if (open.isPresent() && open.get().isReady(t.now())) {
          t.answer(t.t("button.set_new_pin"));
          t.abandonFlow();
          t.send(t.t("pin.choose"));
          t.go(new PinState.Choosing(null));
        } else if (open.isPresent()) {
          t.answer(t.t("pin.reset.not_yet"));
          MoneyOut.showReset(t, open.get());
        } else {
          t.answer(t.t("pin.reset.none"));
        }
      }
      default -> t.answer(t.t("callback.invalid"));
    }
  }

  /** {@code 24 jam} / {@code 24 hours}, or minutes below an hour. */
  private static String duration(Turn t, Duration d) {
    return d.toMinutes() >= 60 && d.toMinutesPart() == 0 ? t.t("duration.hours", d.toHours()) : t.t("duration.minutes", d.toMinutes());
  }

  /** The PIN is right: the action's executor moves the money, keyed by the action id. */
  private void carryOut(Turn t, long actionId) {
    t.endFlow();
    Optional<PendingAction> action = pendingActions.lock(t.handle(), actionId);
    if (action.isEmpty() || action.get().status() != Status.PENDING || action.get().userId() != t.user().id()) {
      t.send(t.t("action.confirmed"), t.menu());
      return;
    }
    PendingAction a = action.get();
    if (a.expiresAt().isBefore(t.now())) {
      PendingActions.resolve(t.handle(), a.id(), Status.EXPIRED, t.now());
      t.send(t.t("action.expired"), t.menu());
      return;
    }
    boolean done =
        Optional.ofNullable(executors.get(a.kind()))
            .orElseThrow(() -> new IllegalStateException("no executor for " + a.kind()))
            .execute(t, a);
    PendingActions.resolve(t.handle(), a.id(), done ? Status.CONFIRMED : Status.CANCELLED, t.now());
  }
}
