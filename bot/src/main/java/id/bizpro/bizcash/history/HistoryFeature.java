package id.bizpro.bizcash.history;

import id.bizpro.bizcash.conversation.BotServices;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import id.bizpro.bizcash.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /history}: the wallet's entries, newest first, {@value #PAGE} a page; "older" / "newer"
 * buttons edit the message in place. Each line: date, in or out, counterparty or kind, note,
 * amount and balance after. Thread-safe.
 */
public final class HistoryFeature implements Feature {
  static final int PAGE = 10;

  private record Line(Instant at, String kind, long amount, long balanceAfter, String counterparty, String note,
      String reference) {}

  private final BotServices services;

  public HistoryFeature(BotServices services) {
    this.services = services;
  }

  @Override
  public void register(Router router) {
    router.command("history", "command.history", (t, args) -> {
      t.abandonFlow();
      Page p = page(t, 0);
      t.send(p.text(), p.buttons());
    });
    router.menuButton("menu.history", "history");
    router.callback("hi", this::press);
  }

  private record Page(String text, InlineKeyboardMarkup buttons) {}

  private void press(Turn t, String data) {
    if (!data.matches("\\d{1,6}") || t.press().isEmpty() || t.press().get().messageId() == null) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    Page p = page(t, Integer.parseInt(data));
    t.edit(t.press().get().messageId(), p.text(), p.buttons());
  }

  private Page page(Turn t, int offset) {
    List<Line> lines =
        t.handle()
            .createQuery(
                """
                SELECT e.created_at, tr.kind, e.amount, e.balance_after, tr.note, tr.reference, tr.id,
                       CASE WHEN tr.from_user_id = :u THEN tr.to_user_id ELSE tr.from_user_id END AS other
                  FROM entries e
                  JOIN accounts a ON a.id = e.account_id AND a.kind = 'user_available' AND a.user_id = :u
                  JOIN transfers tr ON tr.id = e.transfer_id
                 ORDER BY e.id DESC
                 LIMIT :n OFFSET :o
                """)
            .bind("u", t.user().id())
            .bind("n", PAGE + 1)
            .bind("o", offset)
            .map((rs, ctx) -> {
              long other = rs.getLong("other");
              String who = rs.wasNull() ? null : services.users().byId(t.handle(), other).map(u -> u.displayName()).orElse(null);
              String ref = rs.getString("reference");
              return new Line(rs.getTimestamp("created_at").toInstant(), rs.getString("kind"), rs.getLong("amount"),
                  rs.getLong("balance_after"), who, rs.getString("note"), ref != null ? ref : "P2P-" + rs.getLong("id"));
            })
            .list();
    if (lines.isEmpty()) {
      return new Page(t.t(offset == 0 ? "history.empty" : "history.no_more"), null);
    }
    boolean older = lines.size() > PAGE;
    StringBuilder s = new StringBuilder(t.t("history.title", offset + 1, offset + Math.min(PAGE, lines.size())));
    for (Line l : lines.subList(0, Math.min(PAGE, lines.size()))) {
      String what = l.kind().equals("p2p")
          ? t.t(l.amount() > 0 ? "history.p2p_in" : "history.p2p_out", Html.escape(l.counterparty() == null ? "?" : l.counterparty()))
          : t.t("history.kind." + l.kind());
      s.append("\n\n").append(t.dateTime(l.at())).append('\n')
          .append(l.amount() > 0 ? "➕ " : "➖ ").append("<b>").append(Money.rupiah(Math.abs(l.amount())).format()).append("</b> · ")
          .append(what).append(" · ").append(Html.code(l.reference()));
      if (l.note() != null && !l.note().isBlank()) {
        s.append('\n').append(t.t("history.note", Html.escape(l.note())));
      }
      s.append('\n').append(t.t("history.balance_after", Money.rupiah(l.balanceAfter()).format()));
    }
    List<InlineKeyboardButton> row = new ArrayList<>();
    if (offset > 0) {
      row.add(Keyboards.button(t.t("button.newer"), "hi:" + Math.max(0, offset - PAGE)));
    }
    if (older) {
      row.add(Keyboards.button(t.t("button.older"), "hi:" + (offset + PAGE)));
    }
    return new Page(s.toString(), row.isEmpty() ? null : Keyboards.inline(row));
  }
}
