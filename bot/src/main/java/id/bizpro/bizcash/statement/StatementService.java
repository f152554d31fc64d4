package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.activity.ActivityEntry;
import id.bizpro.bizcash.activity.WalletActivity;
import id.bizpro.bizcash.ledger.TransferKind;
import id.bizpro.bizcash.user.User;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Makes a user's statement file for a period from the ledger: the summary and rows come from one
 * database snapshot and are streamed into the writer, so memory stays bounded whatever the number
 * of entries. The file is written to a temporary path the caller sends and deletes. Thread-safe.
 */
public final class StatementService {
  private final WalletActivity activity;
  private final Clock clock;

  public StatementService(WalletActivity activity, Clock clock) {
    this.activity = activity;
    this.clock = clock;
  }

  /** A finished statement file and what it summarises. */
  public record Generated(Path file, String fileName, WalletActivity.Summary summary) {}

  public Generated generate(User user, LocalDate from, LocalDate to, StatementFormat format, StatementLanguage language)
      throws IOException {
    String fileName = StatementFileName.of(language, user.username().orElse(null), displayName(user, language),
        from, to, format);
    Path file = Files.createTempFile("bizcash-statement-", "." + format.extension());
    try {
      WalletActivity.Summary summary =
          activity.statement(user.id(), from, to, (s, rows) -> {
            StatementLabels labels = StatementLabels.of(language);
            StatementHeader header = new StatementHeader(
                displayName(user, language),
                user.username().orElse(null),
                from,
                to,
                ZonedDateTime.now(clock),
                s.opening(),
                s.totalIn(),
                s.totalOut(),
                s.closing(),
                language);
            try (OutputStream out = Files.newOutputStream(file)) {
              format.writer().write(header, sink -> rows.forEach(e -> lines(e, labels).forEach(sink)), out);
            }
            return s;
          });
      return new Generated(file, fileName, summary);
    } catch (RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static String displayName(User user, StatementLanguage language) {
    return !user.fullName().isEmpty()
        ? user.fullName()
        : user.displayName().orElseGet(() -> StatementLabels.of(language).get("name.unnamed"));
  }

  /**
   * The statement lines of one ledger entry ({@link ActivityEntry#parts()}): a top-up's payment
   * and its fee, a withdrawal's amount and its fee (both under its reference), a failed
   * withdrawal's amount and fee returned; any other entry is one line.
   */
  static java.util.List<StatementLine> lines(ActivityEntry e, StatementLabels labels) {
    return e.parts().stream().map(p -> line(e, p, labels)).toList();
  }

  static StatementLine line(ActivityEntry e, ActivityEntry.Part p, StatementLabels labels) {
    String reference = e.reference().orElse("");
    boolean fee = p.role() == ActivityEntry.Role.FEE;
    String description = fee ? labels.fill("desc.fee." + e.kind().name().toLowerCase(), reference) : describe(e, labels);
    StatementLine line = p.isIn()
        ? StatementLine.credit(e.at(), reference, description, p.amount(), p.balanceAfter())
        : StatementLine.debit(e.at(), reference, description, p.amount().negate(), p.balanceAfter());
    return fee
        ? line.withParts(labels.get("type.fee." + e.kind().name().toLowerCase()), "", "")
        : line.withParts(type(e, labels), counterparty(e), note(e, labels));
  }

  /** A payment link's credit (issue #18): a top-up credit whose reference is the link's INV-…. */
  static boolean isPayLink(ActivityEntry e) {
    return e.kind() == TransferKind.TOPUP_CREDIT && e.reference().filter(r -> r.startsWith("INV-")).isPresent();
  }

  /** A short, fixed word per kind of movement, so an accountant can filter on it. */
  static String type(ActivityEntry e, StatementLabels labels) {
    return switch (e.kind()) {
      case TOPUP_CREDIT -> labels.get(isPayLink(e) ? "paylink.type" : "type.topup_credit");
      case P2P -> labels.get(e.isIn() ? "type.p2p.in" : "type.p2p.out");
      case WITHDRAWAL_HOLD -> labels.get("type.withdrawal_hold");
      case WITHDRAWAL_VOID -> labels.get("type.withdrawal_void");
      case WITHDRAWAL_POST -> labels.get("type.withdrawal_post");
      case SUSPENSE_CREDIT -> labels.get("type.suspense_credit");
      case TOPUP_REVERSAL -> labels.get("type.topup_reversal");
      case INLINE_HOLD, INLINE_CLAIM, INLINE_RETURN -> labels.get("inline.type");
      case PLATFORM_CREDIT -> labels.get("platform.type.credit");
      case PLATFORM_CHARGE -> labels.get("platform.type.charge");
      case SUSPENSE_RECEIPT, SUSPENSE_REFUND, SUSPENSE_REVERSAL -> labels.get("type.other");
      case PPOB_HOLD, PPOB_POST -> labels.get("ppob.type.purchase");
      case PPOB_VOID -> labels.get("ppob.type.refund");
    };
  }

  /** The other user of a transfer, or the bank account of a withdrawal. */
  static String counterparty(ActivityEntry e) {
    return switch (e.kind()) {
      case P2P, INLINE_CLAIM -> e.counterparty().orElse("");
      case TOPUP_CREDIT -> e.counterparty().orElse(""); // a payment link's payer, where named
      case WITHDRAWAL_HOLD, WITHDRAWAL_VOID, WITHDRAWAL_POST, PPOB_HOLD, PPOB_VOID, PPOB_POST -> e.bank().orElse("");
      default -> "";
    };
  }

  /**
   * The sender's note; for a top-up what was paid (amount, unique code, fee); for a withdrawal its
   * status when the statement was made.
   */
  static String note(ActivityEntry e, StatementLabels labels) {
    String note = e.note().orElse("");
    String extra = "";
    if (e.kind() == TransferKind.TOPUP_CREDIT && e.orderAmount().isPositive() && e.fee().isPositive()) {
      extra = e.uniqueCode().isPositive()
          ? labels.fill("note.topup_breakdown_code", e.orderAmount().format(), e.uniqueCode().format(), e.fee().format())
          : labels.fill("note.topup_breakdown", e.orderAmount().format(), e.fee().format());
    } else if (e.kind() == TransferKind.WITHDRAWAL_HOLD && e.withdrawalStatus().isPresent()) {
      extra = labels.get("note.withdrawal." + e.withdrawalStatus().get());
    }
    return note.isEmpty() ? extra : extra.isEmpty() ? note : note + " · " + extra;
  }

  /**
   * "Transfer dari @alice · Berita: makan siang", in the statement's language; the counterparty as
   * {@link id.bizpro.bizcash.user.DisplayNames} shows them.
   */
  static String describe(ActivityEntry e, StatementLabels labels) {
    String who = e.counterparty().orElseGet(() -> labels.get("name.unnamed"));
    String base =
        switch (e.kind()) {
          case TOPUP_CREDIT -> isPayLink(e)
              ? labels.fill(e.counterparty().isPresent() ? "paylink.desc.by" : "paylink.desc", e.reference().orElse(""),
                  e.counterparty().orElse(""))
              : note(e, labels).isEmpty()
                  ? labels.fill("desc.topup_credit", e.reference().orElse(""))
                  : labels.fill("desc.topup_credit", e.reference().orElse("")) + " · " + note(e, labels);
          case P2P -> labels.fill(e.isIn() ? "desc.p2p.in" : "desc.p2p.out", who);
          case WITHDRAWAL_HOLD -> labels.fill("desc.withdrawal_to", e.bank().orElse(e.reference().orElse("")))
              + e.withdrawalStatus().map(st -> " · " + labels.get("note.withdrawal." + st)).orElse("");
          case WITHDRAWAL_VOID -> labels.fill("desc.withdrawal_void", e.reference().orElse(""));
          case WITHDRAWAL_POST -> labels.fill("desc.withdrawal_post", e.reference().orElse(""));
          case SUSPENSE_CREDIT -> labels.fill("desc.suspense_credit", e.reference().orElse(""));
          case TOPUP_REVERSAL -> labels.fill("desc.topup_reversal", e.reference().orElse(""));
          case INLINE_HOLD -> labels.fill("inline.desc.hold", e.reference().orElse(""));
          case INLINE_CLAIM -> labels.fill("inline.desc.claim", who);
          case INLINE_RETURN -> labels.fill("inline.desc.return", e.reference().orElse(""));
          case PLATFORM_CREDIT -> labels.fill("platform.desc.credit", e.reference().orElse("")).strip();
          case PLATFORM_CHARGE -> labels.fill("platform.desc.charge", e.reference().orElse("")).strip();
          // These move money between BizPro's own accounts only; no wallet entry has them.
          case SUSPENSE_RECEIPT, SUSPENSE_REFUND, SUSPENSE_REVERSAL -> e.reference().orElse("");
          case PPOB_HOLD, PPOB_POST -> labels.fill("ppob.desc.purchase", e.reference().orElse(""), e.bank().orElse(""));
          case PPOB_VOID -> labels.fill("ppob.desc.refund", e.reference().orElse(""), e.bank().orElse(""));
        };
    return e.note().map(n -> base + " · " + labels.fill("desc.note", n)).orElse(base);
  }
}
