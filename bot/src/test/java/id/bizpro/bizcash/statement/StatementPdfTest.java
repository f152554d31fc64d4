package id.bizpro.bizcash.statement;

import static id.bizpro.bizcash.statement.StatementSamples.NOV_1;
import static id.bizpro.bizcash.statement.StatementSamples.NOV_30;
import static id.bizpro.bizcash.statement.StatementSamples.OPENING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.bizpro.bizcash.money.Money;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class StatementPdfTest {
  private static final Pattern RUPIAH = Pattern.compile("-?Rp ([0-9.]+)");

  @Test
  void header_names_the_user_the_period_and_when_it_was_printed_in_wib() throws IOException {
    StatementRows rows = StatementSamples.generated(10, NOV_1, NOV_30, OPENING);
    String text = text(write(StatementSamples.november(rows, StatementLanguage.ID), rows), 1, 1);

    assertTrue(text.contains("BizPro · BizCash"), text);
    assertTrue(text.contains("Mutasi BizCash"), text);
    assertTrue(text.contains("Budi Santoso (@budi)"), text);
    assertTrue(text.contains("1 Nov 2026 – 30 Nov 2026"), text);
    assertTrue(text.contains("26 Nov 2026 14:05 WIB"), text);
  }

  @Test
  void summary_box_shows_opening_plus_in_minus_out_equal_to_closing() throws IOException {
    StatementRows rows = StatementSamples.generated(40, NOV_1, NOV_30, OPENING);
    StatementHeader header = StatementSamples.november(rows, StatementLanguage.ID);
    String text = text(write(header, rows), 1, 1);

    String labels = "Saldo awal Total masuk Total keluar Saldo akhir";
    int at = text.indexOf(labels);
    assertTrue(at >= 0, text);
    String valuesLine = text.substring(at + labels.length()).strip().lines().findFirst().orElseThrow();
    List<Long> amounts = RUPIAH.matcher(valuesLine).results().map(StatementPdfTest::rupiah).toList();
    assertEquals(4, amounts.size(), valuesLine);
    assertEquals(amounts.get(3), amounts.get(0) + amounts.get(1) - amounts.get(2));
    assertEquals(List.of(header.openingBalance().rupiah(), header.totalIn().rupiah(),
        header.totalOut().rupiah(), header.closingBalance().rupiah()), amounts);
  }

  @Test
  void table_ends_with_a_totals_row_that_matches_the_summary() throws IOException {
    StatementRows rows = StatementSamples.generated(150, NOV_1, NOV_30, OPENING);
    StatementHeader header = StatementSamples.november(rows, StatementLanguage.ID);
    byte[] pdf = write(header, rows);
    String lastPage = text(pdf, pageCount(pdf), pageCount(pdf));

    assertTrue(lastPage.contains("Total " + header.totalIn().format() + " " + header.totalOut().format()
        + " " + header.closingBalance().format()), lastPage);
  }

  @Test
  void every_entry_is_printed_with_its_reference_counterparty_note_and_balance() throws IOException {
    StatementRows rows = StatementSamples.generated(30, NOV_1, NOV_30, OPENING);
    String text = text(write(StatementSamples.november(rows, StatementLanguage.ID), rows), 1, Integer.MAX_VALUE);

    StatementLabels labels = StatementLabels.of(StatementLanguage.ID);
    for (StatementLine line : StatementSamples.list(rows)) {
      assertTrue(text.contains(line.reference()), line.reference());
      // Date and time on one line, e.g. "26 Nov 2026 14:05", however wide the font.
      assertTrue(text.contains(labels.dateTime(line.timestamp())), labels.dateTime(line.timestamp()));
      assertTrue(text.contains(line.balanceAfter().format()), line.balanceAfter().format());
    }
    assertTrue(text.contains("Transfer dari @alice — bayar desain logo"), text);
    assertTrue(text.contains("Transfer ke @bob — makan siang"), text);
    assertTrue(text.contains("1 Nov 2026 00:00"), "times are printed in WIB: " + text);
  }

  @Test
  void table_heading_is_repeated_once_on_every_page_of_a_long_statement() throws IOException {
    // More than two chunks of rows, so chunk boundaries land mid-page.
    StatementRows rows = StatementSamples.generated(2 * PdfStatementWriter.ROWS_PER_CHUNK + 100, NOV_1, NOV_30, OPENING);
    byte[] pdf = write(StatementSamples.november(rows, StatementLanguage.ID), rows);

    int pages = pageCount(pdf);
    assertTrue(pages > 20, "pages: " + pages);
    for (int page = 1; page <= pages; page++) {
      String text = text(pdf, page, page);
      assertEquals(1, occurrences(text, "Tanggal (WIB) Referensi Keterangan Masuk Keluar Saldo"), "page " + page);
    }
  }

  @Test
  void every_page_says_halaman_n_dari_total() throws IOException {
    StatementRows rows = StatementSamples.generated(150, NOV_1, NOV_30, OPENING);
    byte[] pdf = write(StatementSamples.november(rows, StatementLanguage.ID), rows);

    int pages = pageCount(pdf);
    assertTrue(pages >= 3, "pages: " + pages);
    for (int page = 1; page <= pages; page++) {
      assertTrue(text(pdf, page, page).contains("Halaman " + page + " dari " + pages), "page " + page);
    }
  }

  @Test
  void empty_period_prints_a_valid_statement_that_says_there_were_no_transactions() throws IOException {
    StatementHeader header = new StatementHeader("Budi Santoso", "budi", NOV_1, NOV_30,
        StatementSamples.PRINTED_AT, OPENING, Money.ZERO, Money.ZERO, OPENING, StatementLanguage.ID);
    byte[] pdf = write(header, StatementRows.none());

    assertEquals(1, pageCount(pdf));
    String text = text(pdf, 1, 1);
    assertTrue(text.contains("Tidak ada transaksi pada periode ini."), text);
    assertTrue(text.contains("Halaman 1 dari 1"), text);
    assertFalse(text.contains("Referensi"), text);
  }

  @Test
  void english_header_gives_english_labels_and_page_numbers() throws IOException {
    StatementRows rows = StatementSamples.generated(10, NOV_1, NOV_30, OPENING);
    String text = text(write(StatementSamples.november(rows, StatementLanguage.EN), rows), 1, 1);

    assertTrue(text.contains("BizCash statement"), text);
    assertTrue(text.contains("Opening balance Total in Total out Closing balance"), text);
    assertTrue(text.contains("Date (WIB) Reference Description In Out Balance"), text);
    assertTrue(text.contains("Page 1 of 1"), text);
    assertFalse(text.contains("Saldo awal"), text);
  }

  @Test
  void names_and_notes_in_other_scripts_print_as_typed_and_missing_glyphs_show_a_placeholder_never_a_question_mark()
      throws IOException {
    String note = "Café Ñusa — Жанна 🙏 早安";
    Money amount = Money.rupiah(25_000);
    StatementLine line = StatementLine.credit(NOV_1.atTime(10, 0).atZone(StatementHeader.ZONE).toInstant(),
        "TRF-1", note, amount, OPENING.plus(amount));
    StatementHeader header = new StatementHeader("Şükrü Wijaya 🚀", null, NOV_1, NOV_30,
        StatementSamples.PRINTED_AT, OPENING, amount, Money.ZERO, OPENING.plus(amount), StatementLanguage.ID);
    byte[] pdf = write(header, StatementRows.of(List.of(line)));
    String text = text(pdf, 1, 1);

    assertTrue(text.contains("Şükrü Wijaya □"), text);
    assertFalse(text.contains("(@"), "no username, no brackets: " + text);
    assertTrue(text.contains("Café Ñusa — Жанна □ □□"), text);
    assertFalse(text.contains("?"), text);
    assertTrue(embeddedFontNames(pdf).stream().allMatch(name -> name.contains("DejaVuSans")), embeddedFontNames(pdf).toString());
  }

  @Test
  void a_zero_balance_prints_rp_0_and_only_a_zero_in_or_out_stays_blank() throws IOException {
    Money all = Money.rupiah(25_000);
    StatementLine line = StatementLine.debit(NOV_1.atTime(10, 0).atZone(StatementHeader.ZONE).toInstant(),
        "WD-ZERO01", "Penarikan ke BCA ••••7890", all, Money.ZERO);
    StatementHeader header = new StatementHeader("Budi Santoso", "budi", NOV_1, NOV_30,
        StatementSamples.PRINTED_AT, all, Money.ZERO, all, Money.ZERO, StatementLanguage.ID);
    String text = text(write(header, StatementRows.of(List.of(line))), 1, 1);

    String row = text.lines().filter(l -> l.contains("WD-ZERO01")).findFirst().orElseThrow(() -> new AssertionError(text));
    assertTrue(row.endsWith("Rp 25.000 Rp 0"), row);
    assertTrue(text.contains("Total Rp 0 Rp 25.000 Rp 0"), text);
  }

  @Test
  void rupiah_and_its_number_stay_on_one_line_even_for_billions_in_a_narrow_column() throws IOException {
    Money huge = Money.rupiah(987_654_321_987L);
    List<StatementLine> lines = new java.util.ArrayList<>();
    Money balance = Money.ZERO;
    for (int i = 0; i < 3; i++) {
      balance = balance.plus(huge);
      lines.add(StatementLine.credit(NOV_1.atTime(10, i).atZone(StatementHeader.ZONE).toInstant(),
          "TOP-BIG" + i, "Top up", huge, balance));
    }
    // A description that wraps right after "Rp" at this column width, unless kept together.
    Money withdrawn = Money.rupiah(1_275_000);
    balance = balance.minus(withdrawn);
    lines.add(StatementLine.debit(NOV_1.atTime(11, 0).atZone(StatementHeader.ZONE).toInstant(), "WD-3M9ZQ1",
        "Penarikan ke BCA ••••7890 (termasuk biaya Rp 8.000)", withdrawn, balance));
    StatementHeader header = new StatementHeader("Budi Santoso", "budi", NOV_1, NOV_30,
        StatementSamples.PRINTED_AT, Money.ZERO, huge.plus(huge).plus(huge), withdrawn, balance, StatementLanguage.ID);
    String text = text(write(header, StatementRows.of(lines)), 1, 1);

    assertTrue(text.contains("Rp 8.000)"), text);
    assertFalse(text.lines().anyMatch(l -> l.strip().endsWith("Rp")), text);
    assertFalse(text.lines().anyMatch(l -> l.strip().matches("^[0-9.]+$")), "an amount split from its Rp: " + text);
    assertTrue(text.contains("Rp 2.962.962.965.961"), text);
    assertTrue(text.contains(balance.format()), text);
    assertTrue(text.contains("Rp 987.654.321.987"), text);
  }

  static java.util.Set<String> embeddedFontNames(byte[] pdf) throws IOException {
    java.util.Set<String> names = new java.util.TreeSet<>();
    try (PDDocument document = Loader.loadPDF(pdf)) {
      for (var page : document.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          var font = page.getResources().getFont(name);
          names.add(font.getName() + (font.isEmbedded() ? "" : " (not embedded)"));
        }
      }
    }
    return names;
  }

  static byte[] write(StatementHeader header, StatementRows rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PdfStatementWriter().write(header, rows, out);
    return out.toByteArray();
  }

  static int pageCount(byte[] pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      return document.getNumberOfPages();
    }
  }

  static String text(byte[] pdf, int firstPage, int lastPage) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      stripper.setStartPage(firstPage);
      stripper.setEndPage(Math.min(lastPage, document.getNumberOfPages()));
      return stripper.getText(document);
    }
  }

  private static long rupiah(java.util.regex.MatchResult match) {
    long value = Long.parseLong(match.group(1).replace(".", ""));
    return match.group().startsWith("-") ? -value : value;
  }

  private static int occurrences(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
