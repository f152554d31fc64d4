package id.bizpro.bizcash.statement;

import id.bizpro.bizcash.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Statements for tests: a fixed user and print time, and deterministic generated rows. */
final class StatementSamples {
  static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);
  static final LocalDate NOV_30 = LocalDate.of(2026, 11, 30);
  /** 26 Nov 2026 14:05 WIB, given in UTC on purpose. */
  static final ZonedDateTime PRINTED_AT = ZonedDateTime.parse("2026-11-26T07:05:00Z");
  static final Money OPENING = Money.rupiah(5_000_000);

  private static final String[] NOTES = {
    "makan siang", "bayar desain logo", "", "DP sewa kios — Blok C/12",
    "Pembayaran invoice INV-2026-11-0042 untuk jasa desain kemasan dan foto produk",
    "ongkir", "titipan arisan",
  };

  private StatementSamples() {}

  /**
   * {@code count} entries spread evenly over the period, generated anew on every call to forEach,
   * so that even 100,000 rows never exist as a list.
   */
  static StatementRows generated(int count, LocalDate start, LocalDate end, Money opening) {
    Instant first = start.atStartOfDay(StatementHeader.ZONE).toInstant();
    Instant last = end.plusDays(1).atStartOfDay(StatementHeader.ZONE).toInstant().minusSeconds(60);
    long stepSeconds = count <= 1 ? 0 : Duration.between(first, last).toSeconds() / (count - 1);
    return sink -> {
      Money balance = opening;
      for (int i = 0; i < count; i++) {
        StatementLine line = line(i, first.plusSeconds(i * stepSeconds), balance);
        balance = line.balanceAfter();
        sink.accept(line);
      }
    };
  }

  private static StatementLine line(int i, Instant at, Money balance) {
    String note = NOTES[i % NOTES.length];
    String withNote = note.isEmpty() ? "" : " — " + note;
    String reference = String.format("%s-%06X", i % 5 == 0 ? "TOP" : i % 5 == 4 ? "WD" : "TRF", i);
    Money in = Money.rupiah(20_000 + (i * 7919L % 100) * 1_000);
    Money out = Money.rupiah(10_000 + (i * 31L % 50) * 1_000);
    return switch (i % 5) {
      case 0 -> StatementLine.credit(at, reference, "Top up via BCA", in, balance.plus(in))
          .withParts("Top up", "", "");
      case 1 -> StatementLine.debit(at, reference, "Transfer ke @bob" + withNote, out, balance.minus(out))
          .withParts("Transfer keluar", "@bob", note);
      case 2 -> StatementLine.credit(at, reference, "Transfer dari @alice" + withNote, in, balance.plus(in))
          .withParts("Transfer masuk", "@alice", note);
      case 3 -> StatementLine.debit(at, reference, "Transfer ke @citra_store" + withNote, out, balance.minus(out))
          .withParts("Transfer keluar", "@citra_store", note);
      default -> StatementLine.debit(at, reference, "Tarik saldo ke BCA 8830012345", out, balance.minus(out))
          .withParts("Penarikan", "BCA 8830012345", "Termasuk biaya Rp 8.000");
    };
  }

  /** A header whose totals are computed from {@code rows}, as the database would. */
  static StatementHeader headerFor(
      StatementRows rows, LocalDate start, LocalDate end, Money opening, StatementLanguage language) {
    Money[] totals = {Money.ZERO, Money.ZERO};
    rows.forEach(line -> {
      totals[0] = totals[0].plus(line.in());
      totals[1] = totals[1].plus(line.out());
    });
    return new StatementHeader(
        "Budi Santoso", "budi", start, end, PRINTED_AT, opening, totals[0], totals[1],
        opening.plus(totals[0]).minus(totals[1]), language);
  }

  static StatementHeader november(StatementRows rows, StatementLanguage language) {
    return headerFor(rows, NOV_1, NOV_30, OPENING, language);
  }

  static List<StatementLine> list(StatementRows rows) {
    List<StatementLine> lines = new ArrayList<>();
    rows.forEach(lines::add);
    return lines;
  }
}
