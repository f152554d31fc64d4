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
              format.writer().write(header, sink -> rows.forEach(e -> sink.accept(line(e, labels))), out);
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

  static StatementLine line(ActivityEntry e, StatementLabels labels) {
    String description = describe(e, labels);
    String reference = e.reference().orElse("");
    StatementLine line = e.isIn()
        ? StatementLine.credit(e.at(), reference, description, e.amount(), e.balanceAfter())
        : StatementLine.debit(e.at(), reference, description, e.amount().negate(), e.balanceAfter());
    return line.withParts(type(e, labels), counterparty(e), note(e, labels));
  }

  /** A short, fixed word per kind of movement, so an accountant can filter on it. */
  static String type(ActivityEntry e, StatementLabels labels) {
    return switch (e.kind()) {
      case TOPUP_CREDIT -> labels.get("type.topup_credit");
      case P2P -> labels.get(e.isIn() ? "type.p2p.in" : "type.p2p.out");
      case WITHDRAWAL_HOLD -> labels.get("type.withdrawal_hold");
      case WITHDRAWAL_VOID -> labels.get("type.withdrawal_void");
      case WITHDRAWAL_POST -> labels.get("type.withdrawal_post");
      case SUSPENSE_CREDIT -> labels.get("type.suspense_credit");
      case TOPUP_REVERSAL -> labels.get("type.topup_reversal");
      case PLATFORM_CREDIT -> labels.get("platform.type.credit");
      case PLATFORM_CHARGE -> labels.get("platform.type.charge");
      case SUSPENSE_RECEIPT, SUSPENSE_REFUND, SUSPENSE_REVERSAL -> labels.get("type.other");
    };
  }

  /** The other user of a transfer, or the bank account of a withdrawal. */
  static String counterparty(ActivityEntry e) {
    return switch (e.kind()) {
      case P2P -> e.counterparty().orElse("");
      case WITHDRAWAL_HOLD, WITHDRAWAL_VOID, WITHDRAWAL_POST -> e.bank().orElse("");
      default -> "";
    };
  }

  /** The sender's note, and for a withdrawal the fee it included (the Out column shows both). */
  static String note(ActivityEntry e, StatementLabels labels) {
    String note = e.note().orElse("");
    if (e.kind() == TransferKind.WITHDRAWAL_HOLD && e.fee().isPositive()) {
      String fee = labels.fill("note.fee_included", e.fee().format());
      return note.isEmpty() ? fee : note + " · " + fee;
    }
    return note;
  }

  /**
   * "Transfer dari @alice · Berita: makan siang", in the statement's language; the counterparty as
   * {@link id.bizpro.bizcash.user.DisplayNames} shows them.
   */
  static String describe(ActivityEntry e, StatementLabels labels) {
    String who = e.counterparty().orElseGet(() -> labels.get("name.unnamed"));
    String base =
        switch (e.kind()) {
          case TOPUP_CREDIT -> labels.fill("desc.topup_credit", e.reference().orElse(""));
          case P2P -> labels.fill(e.isIn() ? "desc.p2p.in" : "desc.p2p.out", who);
          case WITHDRAWAL_HOLD -> labels.fill("desc.withdrawal_hold", e.bank().orElse(e.reference().orElse("")), e.fee().format());
          case WITHDRAWAL_VOID -> labels.fill("desc.withdrawal_void", e.reference().orElse(""));
          case WITHDRAWAL_POST -> labels.fill("desc.withdrawal_post", e.reference().orElse(""));
          case SUSPENSE_CREDIT -> labels.fill("desc.suspense_credit", e.reference().orElse(""));
          case TOPUP_REVERSAL -> labels.fill("desc.topup_reversal", e.reference().orElse(""));
          case PLATFORM_CREDIT -> labels.fill("platform.desc.credit", e.reference().orElse("")).strip();
          case PLATFORM_CHARGE -> labels.fill("platform.desc.charge", e.reference().orElse("")).strip();
          // These move money between BizPro's own accounts only; no wallet entry has them.
          case SUSPENSE_RECEIPT, SUSPENSE_REFUND, SUSPENSE_REVERSAL -> e.reference().orElse("");
        };
    return e.note().map(n -> base + " · " + labels.fill("desc.note", n)).orElse(base);
  }
}
