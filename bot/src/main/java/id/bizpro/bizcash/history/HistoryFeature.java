package id.bizpro.bizcash.history;

import id.bizpro.bizcash.activity.ActivityEntry;
import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.conversation.Feature;
import id.bizpro.bizcash.conversation.Keyboards;
import id.bizpro.bizcash.conversation.Router;
import id.bizpro.bizcash.conversation.Turn;
import id.bizpro.bizcash.i18n.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/**
 * {@code /history}: the caller's wallet entries from {@link WalletActivity}, newest first, {@value
 * #PAGE} a page; "older" / "newer" buttons edit the message in place. Each entry: date and time in
 * WIB, in or out with the amount, what it was (top-up, transfer from or to someone, withdrawal to a
 * masked bank account with its fee, refund), the note and the balance after.
 *
 * <p>Pages are anchored on entry ids ({@code hi:<before-id>:<first-number>}), so new entries do not
 * shift a page the user is reading. The wallet is always the caller's own: button data only picks
 * a position, and a tampered position can at most show the caller's own entries or say the page is
 * gone. Thread-safe.
 */
public record HistoryFeature(WalletActivity activity) implements Feature {
  static final int PAGE = 10;
  /** {@code <before entry id, 0 for the newest>:<number of the page's first entry>}. */
  private static final Pattern DATA = Pattern.compile("(\\d{1,18}):(\\d{1,7})");

  @Override
  public void register(Router router) {
    router.command("history", "command.history", (t, args) -> {
      t.abandonFlow();
      Optional<Page> p = page(t, Optional.empty(), 1);
      t.send(p.map(Page::text).orElse(t.t("history.empty")), p.map(Page::buttons).orElse(null));
    });
    router.menuButton("menu.history", "history");
    router.callback("hi", this::press);
  }

  private record Page(String text, InlineKeyboardMarkup buttons) {}

  private void press(Turn t, String data) {
    Matcher m = DATA.matcher(data);
    if (!m.matches() || t.press().isEmpty() || t.press().get().messageId() == null) {
      t.answer(t.t("callback.invalid"));
      return;
    }
    long before = Long.parseLong(m.group(1));
    int firstNumber = Math.max(1, Integer.parseInt(m.group(2)));
    Optional<Page> p = page(t, before == 0 ? Optional.empty() : Optional.of(before), firstNumber);
    if (p.isEmpty()) {
      t.answer(t.t("history.stale"));
      return;
    }
    t.edit(t.press().get().messageId(), p.get().text(), p.get().buttons());
  }

  private Optional<Page> page(Turn t, Optional<Long> before, int firstNumber) {
    long userId = t.user().id();
    WalletActivity.Page page = activity.page(userId, before, PAGE);
    if (page.entries().isEmpty()) {
      return Optional.empty();
    }
    List<ActivityEntry> entries = page.entries();
    StringBuilder s = new StringBuilder(t.t("history.title", firstNumber, firstNumber + entries.size() - 1));
    for (ActivityEntry e : entries) {
      s.append("\n\n").append(line(t, e));
    }
    List<InlineKeyboardButton> row = new ArrayList<>();
    if (page.hasNewer()) {
      long newerAnchor = newerPageAnchor(t, userId, entries.get(0).entryId());
      int newerFirst = newerAnchor == 0 ? 1 : Math.max(1, firstNumber - PAGE);
      row.add(Keyboards.button(t.t("button.newer"), "hi:" + newerAnchor + ":" + newerFirst));
    }
    if (page.hasOlder()) {
      long oldest = entries.get(entries.size() - 1).entryId();
      row.add(Keyboards.button(t.t("button.older"), "hi:" + oldest + ":" + (firstNumber + entries.size())));
    }
    return Optional.of(new Page(s.toString(), row.isEmpty() ? null : Keyboards.inline(row)));
  }

  /**
   * One entry: when and how much, what (a withdrawal with its status), its fee as a line of its
   * own (a top-up's fee out, a withdrawal's fee out, a failed withdrawal's fee back), the note and
   * the balance after.
   */
  static String line(Turn t, ActivityEntry e) {
    List<ActivityEntry.Part> parts = e.parts();
    ActivityEntry.Part main = parts.get(0);
    StringBuilder s = new StringBuilder()
        .append(t.dateTime(e.at())).append(" · ")
        .append(amount(t, main))
        .append('\n')
        .append(what(t, e));
    for (ActivityEntry.Part p : parts.subList(1, parts.size())) {
      s.append('\n').append(amount(t, p)).append(" · ")
          .append(t.t("history.fee." + e.kind().name().toLowerCase(), e.reference().map(Html::code).orElse("")).strip());
    }
    e.note().ifPresent(n -> s.append('\n').append(t.t("history.note", Html.escape(n))));
    s.append('\n').append(t.t("history.balance_after", e.balanceAfter().format()));
    return s.toString();
  }

  /** "⬇️ Masuk <b>Rp 5.000</b>". */
  private static String amount(Turn t, ActivityEntry.Part p) {
    return t.t(p.isIn() ? "history.in" : "history.out") + " <b>"
        + (p.amount().isNegative() ? p.amount().negate() : p.amount()).format() + "</b>";
  }

  /** The counterparty or kind: "Transfer dari @alice", "Penarikan WD-… ke BCA ••••7890 · menunggu". */
  static String what(Turn t, ActivityEntry e) {
    String ref = e.reference().map(Html::code).orElse("");
    return switch (e.kind()) {
      case TOPUP_CREDIT -> {
        if (e.reference().filter(r -> r.startsWith("INV-")).isPresent()) {
          yield t.t(e.counterparty().isPresent() ? "paylink.history.by" : "paylink.history", ref,
              Html.escape(e.counterparty().orElse(""))).strip();
        }
        String base = t.t("history.kind.topup_credit", ref).strip();
        yield e.orderAmount().isPositive() && e.fee().isPositive()
            ? base + " " + t.t("history.topup.paid", breakdown(t, e)) : base;
      }
      case P2P -> t.t(e.isIn() ? "history.kind.p2p_in" : "history.kind.p2p_out", Html.escape(t.name(e.counterparty())));
      case WITHDRAWAL_HOLD -> t.t("history.kind.withdrawal_to", ref, Html.escape(e.bank().orElse("?")))
          + e.withdrawalStatus().map(st -> " · " + t.t("history.withdrawal." + st)).orElse("");
      case WITHDRAWAL_VOID -> t.t("history.kind.withdrawal_void", ref);
      case WITHDRAWAL_POST -> t.t("history.kind.withdrawal_post", ref);
      case SUSPENSE_CREDIT -> t.t("history.kind.suspense_credit", ref);
      case TOPUP_REVERSAL -> t.t("history.kind.topup_reversal", ref);
      case INLINE_HOLD -> t.t("inline.history.hold", ref);
      case INLINE_CLAIM -> t.t("inline.history.claim", Html.escape(t.name(e.counterparty())));
      case INLINE_RETURN -> t.t("inline.history.return", ref);
      case PLATFORM_CREDIT -> t.t("platform.history.credit", ref).strip();
      case PLATFORM_CHARGE -> t.t("platform.history.charge", ref).strip();
      // These move money between BizPro's own accounts only; no wallet entry has them.
      case SUSPENSE_RECEIPT, SUSPENSE_REFUND, SUSPENSE_REVERSAL -> ref;
      case PPOB_HOLD -> t.t("ppob.history.hold", ref, Html.escape(e.bank().orElse("?")));
      case PPOB_VOID -> t.t("ppob.history.void", ref);
      case PPOB_POST -> t.t("ppob.history.post", ref);
    };
  }

  /** "nominal Rp 100.000 + kode unik Rp 706 + biaya Rp 6.000" (no unique code part when zero). */
  static String breakdown(Turn t, ActivityEntry e) {
    return e.uniqueCode().isPositive()
        ? t.t("history.topup.breakdown_code", e.orderAmount().format(), e.uniqueCode().format(), e.fee().format())
        : t.t("history.topup.breakdown", e.orderAmount().format(), e.fee().format());
  }

  /**
   * The "before" id that shows the {@value #PAGE} entries just newer than {@code firstShownId}, or
   * 0 (the newest page) when fewer than a page's worth lie between it and the newest entry.
   */
  private long newerPageAnchor(Turn t, long userId, long firstShownId) {
    return t.handle()
        .createQuery(
            """
            SELECT e.id FROM entries e
              JOIN accounts a ON a.id = e.account_id AND a.kind = 'user_available' AND a.user_id = :u
             WHERE e.id > :first
             ORDER BY e.id
             LIMIT 1 OFFSET :n
            """)
        .bind("u", userId)
        .bind("first", firstShownId)
        .bind("n", PAGE)
        .mapTo(Long.class)
        .findOne()
        .orElse(0L);
  }
}
