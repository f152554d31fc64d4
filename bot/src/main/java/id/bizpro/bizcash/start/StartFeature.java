package id.bizpro.bizcash.start;

import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.screens.BalanceSummary;
import id.bizpro.bizcash.user.Language;
import id.bizpro.bizcash.user.Users;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * {@code /start}, {@code /help}, {@code /cancel} and {@code /language}: the commands that work
 * from anywhere and never move money. Thread-safe.
 */
public record StartFeature(Users users, BalanceSummary balance, BiPredicate<Turn, String> deepLinks) implements Feature {
  /** Without deep-link payloads other than plain /start. */
  public StartFeature(Users users, BalanceSummary balance) {
    this(users, balance, (t, args) -> false);
  }

  @Override
  public void register(Router router) {
    router.command("start", "command.start", this::start);
    router.command("help", "command.help", (t, args) -> t.send(t.t("help.text"), t.menu()));
    router.command("cancel", "command.cancel", (t, args) -> cancel(t));
    router.command("language", "command.language", (t, args) -> askLanguage(t));
    router.callback("lang", this::chooseLanguage);
  }

  private void start(Turn t, String args) {
    // A new flow starts from a clean slate; /start from the middle of a flow abandons it.
    t.abandonFlow();
    // A deep link's payload (t.me/<bot>?start=<payload>) goes to the feature the root handed in.
    if (args != null && !args.isBlank() && deepLinks.test(t, args.strip())) {
      return;
    }
    t.send(t.t("start.welcome", Html.escape(t.user().firstName())) + "\n\n" + balance.of(t) + "\n\n"
        + t.t("start.next"), t.menu());
  }

  private void cancel(Turn t) {
    if (t.state() == null) {
      t.send(t.t("cancel.nothing"), t.menu());
      return;
    }
    t.abandonFlow();
    t.send(t.t("cancel.done"), t.menu());
  }

  private void askLanguage(Turn t) {
    t.send(
        t.t("language.ask"),
        Keyboards.inline(
            List.of(Keyboards.button("🇮🇩 Bahasa Indonesia", "lang:id"), Keyboards.button("🇬🇧 English", "lang:en"))));
  }

  private void chooseLanguage(Turn t, String data) {
    if (!data.equals("id") && !data.equals("en")) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    Language chosen = Language.fromCode(data);
    users.setLanguage(t.handle(), t.user().id(), chosen);
    t.switchLanguage(chosen);
    t.answer(t.t("language.set"));
    t.send(t.t("language.set"), t.menu());
  }
}
