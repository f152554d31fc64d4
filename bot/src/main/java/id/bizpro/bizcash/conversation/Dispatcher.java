package id.bizpro.bizcash.conversation;

import id.bizpro.bizcash.i18n.Messages;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Routes one update of a private chat inside its {@link Turn}: button presses by callback prefix,
 * commands (typed or from the reply keyboard) by name, other text past the features' text guards
 * (a misplaced PIN) to the step of the chat's current flow. A command always wins over the flow, so {@code /cancel} and the menu work from any
 * step. Immutable and thread-safe.
 */
final class Dispatcher {
  private final Router router;
  private final Messages messages;

  Dispatcher(Router router, Messages messages) {
    this.router = router;
    this.messages = messages;
  }

  Router router() {
    return router;
  }

  void dispatch(Turn t, Update u) {
    if (u.hasInlineQuery()) {
      router.inlineQuery().ifPresent(h -> h.handle(t, u.getInlineQuery()));
      return;
    }
    if (u.hasChosenInlineQuery()) {
      router.chosenInlineResult().ifPresent(h -> h.handle(t, u.getChosenInlineQuery()));
      return;
    }
    if (u.hasCallbackQuery()) {
      press(t, u.getCallbackQuery());
      return;
    }
    Message m = u.getMessage();
    if (m.hasText()) {
      String text = m.getText().strip();
      if (text.startsWith("/")) {
        command(t, text);
        return;
      }
      Optional<String> fromMenu = router.commandForLabel(text, messages::get);
      if (fromMenu.isPresent()) {
        router.command(fromMenu.get()).orElseThrow().handle(t, "");
        return;
      }
      Input.Text input = new Input.Text(m.getText(), m.getMessageId());
      if (router.guarded(t, input)) {
        return;
      }
      if (t.state() != null) {
        router.step(t, t.state(), input);
      } else {
        t.send(t.t("idle.hint"), t.menu());
      }
      return;
    }
    Input.NotText notText = new Input.NotText(kindOf(m), m.getMessageId());
    if (t.state() != null) {
      router.step(t, t.state(), notText);
    } else {
      t.send(t.t("idle.not_text"), t.menu());
    }
  }

  private void press(Turn t, CallbackQuery q) {
    // In a private chat the presser is the chat; anything else is not this user's message.
    if (q.getFrom().getId() != t.chatId()) {
      t.answer(t.t("callback.not_yours"));
      return;
    }
    String data = q.getData() == null ? "" : q.getData();
    int colon = data.indexOf(':');
    String prefix = colon < 0 ? data : data.substring(0, colon);
    String rest = colon < 0 ? "" : data.substring(colon + 1);
    router
        .callback(prefix)
        .ifPresentOrElse(h -> h.handle(t, rest), () -> t.answer(t.t("callback.invalid")));
  }

  private void command(Turn t, String text) {
    int space = text.indexOf(' ');
    String head = space < 0 ? text.substring(1) : text.substring(1, space);
    String args = space < 0 ? "" : text.substring(space + 1).strip();
    int at = head.indexOf('@'); // "/balance@BizCashBot" in chats with several bots
    String name = at < 0 ? head : head.substring(0, at);
    if (name.equals("start") && !args.isEmpty()) {
      Optional<Handlers.Command> link = router.deepLink(args);
      if (link.isPresent()) {
        link.get().handle(t, args);
        return;
      }
    }
    router
        .command(name)
        .ifPresentOrElse(
            h -> h.handle(t, args),
            () -> t.send(t.t("command.unknown", id.bizpro.bizcash.i18n.Html.escape(abbreviate(name))), t.menu()));
  }

  private static String abbreviate(String s) {
    return s.length() > 32 ? s.substring(0, 32) + "…" : s;
  }

  private static String kindOf(Message m) {
    if (m.hasSticker()) {
      return "sticker";
    } else if (m.hasPhoto()) {
      return "photo";
    } else if (m.hasVoice() || m.hasAudio()) {
      return "voice";
    } else if (m.hasDocument()) {
      return "file";
    }
    return "other";
  }
}
